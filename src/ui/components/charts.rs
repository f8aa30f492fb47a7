//! Small SVG charts drawn by the app (no chart library, nothing fetched): horizontal bars with an
//! optional threshold line, and a line over years. Values show on hover or tap (`<title>`).

use leptos::prelude::*;

/// One bar: label, value, and the text shown for it.
#[derive(Clone, PartialEq, Debug)]
pub struct Bar {
    pub label: String,
    pub value: f64,
    pub text: String,
}

#[component]
pub fn BarChart(
    bars: Vec<Bar>,
    #[prop(optional)] threshold: Option<(f64, String)>,
    #[prop(optional)] name: &'static str,
) -> impl IntoView {
    let row = 22.0;
    let label_w = 110.0;
    let width = 360.0;
    let max = bars
        .iter()
        .map(|b| b.value)
        .chain(threshold.as_ref().map(|t| t.0))
        .fold(0.0f64, f64::max)
        .max(1e-9);
    let height = bars.len() as f64 * row + 24.0;
    let scale = move |v: f64| (width - label_w - 60.0) * v / max;
    view! {
        <svg
            class="chart"
            data-chart=name
            viewBox=format!("0 0 {width} {height}")
            role="img"
            preserveAspectRatio="xMinYMin meet"
        >
            {bars
                .into_iter()
                .enumerate()
                .map(|(i, b)| {
                    let y = i as f64 * row + 4.0;
                    view! {
                        <g>
                            <title>{format!("{}: {}", b.label, b.text)}</title>
                            <text x=label_w - 6.0 y=y + 14.0 text-anchor="end" class="chart-label">
                                {b.label.clone()}
                            </text>
                            <rect
                                x=label_w
                                y=y
                                width=scale(b.value).max(1.0)
                                height=row - 6.0
                                class="chart-bar"
                            ></rect>
                            <text x=label_w + scale(b.value) + 4.0 y=y + 14.0 class="chart-value">
                                {b.text.clone()}
                            </text>
                        </g>
                    }
                })
                .collect_view()}
            {threshold
                .map(|(v, label)| {
                    view! {
                        <g class="chart-threshold">
                            <title>{label.clone()}</title>
                            <line
                                x1=label_w + scale(v)
                                x2=label_w + scale(v)
                                y1="0"
                                y2=height - 18.0
                            ></line>
                            <text x=label_w + scale(v) y=height - 4.0 text-anchor="middle">
                                {label}
                            </text>
                        </g>
                    }
                })}
        </svg>
    }
}

/// A line over labelled points.
#[component]
pub fn LineChart(
    points: Vec<(String, f64, String)>,
    #[prop(optional)] name: &'static str,
) -> impl IntoView {
    let (w, h, pad) = (360.0, 160.0, 28.0);
    let max = points.iter().map(|p| p.1).fold(0.0f64, f64::max).max(1e-9);
    let n = points.len().max(2) as f64 - 1.0;
    let xy: Vec<(f64, f64)> = points
        .iter()
        .enumerate()
        .map(|(i, p)| {
            (
                pad + (w - 2.0 * pad) * i as f64 / n,
                h - pad - (h - 2.0 * pad) * p.1 / max,
            )
        })
        .collect();
    let path = xy
        .iter()
        .enumerate()
        .map(|(i, (x, y))| format!("{}{x:.1},{y:.1}", if i == 0 { "M" } else { " L" }))
        .collect::<String>();
    view! {
        <svg class="chart" data-chart=name viewBox=format!("0 0 {w} {h}") role="img">
            <path d=path class="chart-line"></path>
            {points
                .into_iter()
                .zip(xy)
                .map(|((label, _, text), (x, y))| {
                    view! {
                        <g>
                            <title>{format!("{label}: {text}")}</title>
                            <circle cx=x cy=y r="4" class="chart-dot"></circle>
                            <text x=x y=h - 8.0 text-anchor="middle" class="chart-label">
                                {label}
                            </text>
                            <text x=x y=y - 8.0 text-anchor="middle" class="chart-value">
                                {text}
                            </text>
                        </g>
                    }
                })
                .collect_view()}
        </svg>
    }
}
