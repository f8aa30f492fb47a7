//! Thresholds and poverty lines in force: the registry's own settings over the shipped defaults.
//! Wherever a line is used the caller gets its source too, so the screen can say which.

use super::model::Settings;
use super::money::{Fen, Ratio};

/// National poverty line, yuan per person per year at current prices (2,300 yuan at 2010 prices).
pub const NATIONAL_POVERTY_LINES: [(i32, i64); 10] = [
    (2011, 2536),
    (2012, 2625),
    (2013, 2736),
    (2014, 2800),
    (2015, 2855),
    (2016, 2952),
    (2017, 2952),
    (2018, 2995),
    (2019, 3218),
    (2020, 4000),
];

pub const DEFAULT_VILLAGE_EXIT_INCIDENCE: f64 = 0.03;
pub const DEFAULT_COUNTY_EXIT_INCIDENCE: f64 = 0.03;
pub const DEFAULT_MONITORING_RATIO: f64 = 1.5;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum LineSource {
    /// From the registry's settings (entered, or taken from a file).
    Registry,
    /// The national table shipped with the app.
    National,
    /// `monitoring_ratio` × the poverty line.
    Ratio,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Line {
    pub year: i32,
    pub yuan: Fen,
    pub source: LineSource,
}

/// The rules in force for one registry.
#[derive(Clone, Debug)]
pub struct Rules {
    pub settings: Settings,
}

impl Rules {
    pub fn new(settings: &Settings) -> Rules {
        Rules {
            settings: settings.clone(),
        }
    }

    /// 贫困线 of a year: the registry's, else the national table; `None` where no line is known.
    pub fn poverty_line(&self, year: i32) -> Option<Line> {
        if let Some(&yuan) = self.settings.poverty_lines.get(&year) {
            return Some(Line {
                year,
                yuan,
                source: LineSource::Registry,
            });
        }
        NATIONAL_POVERTY_LINES
            .iter()
            .find(|(y, _)| *y == year)
            .map(|&(year, y)| Line {
                year,
                yuan: Fen::from_yuan(y),
                source: LineSource::National,
            })
    }

    /// 防返贫监测线 of a year: the registry's monitoring line, else ratio × poverty line (rounded to the fen).
    pub fn monitoring_line(&self, year: i32) -> Option<Line> {
        if let Some(&yuan) = self.settings.monitoring_lines.get(&year) {
            return Some(Line {
                year,
                yuan,
                source: LineSource::Registry,
            });
        }
        let line = self.poverty_line(year)?;
        let r = self.monitoring_ratio();
        let fen = Ratio {
            num: line.yuan.0 as i128 * r.num,
            den: r.den,
        }
        .round_half_up(1, 0);
        Some(Line {
            year,
            yuan: Fen(fen as i64),
            source: LineSource::Ratio,
        })
    }

    pub fn monitoring_ratio(&self) -> Ratio {
        Ratio::from_decimal(
            self.settings
                .monitoring_ratio
                .unwrap_or(DEFAULT_MONITORING_RATIO),
        )
    }

    pub fn village_exit_incidence(&self) -> Ratio {
        Ratio::from_decimal(
            self.settings
                .village_exit_incidence
                .unwrap_or(DEFAULT_VILLAGE_EXIT_INCIDENCE),
        )
    }

    /// 错退率 below which a county may exit (2% unless set).
    pub fn county_exit_wrong_exit_rate(&self) -> Ratio {
        Ratio::from_decimal(self.settings.county_exit_wrong_exit_rate.unwrap_or(0.02))
    }

    /// 漏评率 below which a county may exit (2% unless set).
    pub fn county_exit_missed_rate(&self) -> Ratio {
        Ratio::from_decimal(self.settings.county_exit_missed_rate.unwrap_or(0.02))
    }

    /// 群众认可度 a county's exit needs at least (90% unless set).
    pub fn county_exit_satisfaction(&self) -> Ratio {
        Ratio::from_decimal(self.settings.county_exit_satisfaction.unwrap_or(0.90))
    }

    pub fn county_exit_incidence(&self) -> Ratio {
        Ratio::from_decimal(
            self.settings
                .county_exit_incidence
                .unwrap_or(DEFAULT_COUNTY_EXIT_INCIDENCE),
        )
    }

    pub fn village_exit_collective_income(&self) -> Fen {
        self.settings
            .village_exit_collective_income
            .unwrap_or(Fen::ZERO)
    }
}
