//! What the file worker hands the page after reading a file (交接): a [`FileAlone`] as a small
//! head (who exported it, when, its scope, the content rules' problems) and the registry as
//! snapshot chunks of at most 60 KiB each, the store's own layout. The page decodes one chunk at
//! a time between frames, so no task of its own runs long; a refusal travels as its problems.
//! Worker and page are the same build, so the hand-off needs no version of its own.

use serde_json::{json, Value};

use super::problem::{Location, Problem, Seg};
use super::FileAlone;
use crate::domain::model::Registry;
use crate::store::journal;
use crate::text::Msg;

/// Problems as JSON text: `[{"at": [key or index, …], "msg": message}, …]`.
pub fn problems_to_text(problems: &[Problem]) -> String {
    Value::Array(problems.iter().map(problem_to_json).collect()).to_string()
}

fn problem_to_json(p: &Problem) -> Value {
    let at: Vec<Value> = p
        .path
        .0
        .iter()
        .map(|s| match s {
            Seg::Key(k) => Value::from(k.as_str()),
            Seg::Index(i) => Value::from(*i),
        })
        .collect();
    // The message's own JSON keeps its values by name; their order travels beside it.
    let order: Vec<&str> = p.msg.args.iter().map(|(name, _)| *name).collect();
    json!({ "at": at, "msg": p.msg.to_json(), "order": order })
}

/// Reads problems back; anything unreadable is an error in words.
pub fn problems_from_text(text: &str) -> Result<Vec<Problem>, String> {
    let v: Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
    let list = v.as_array().ok_or("the problems are not a list")?;
    list.iter().map(problem_from_json).collect()
}

fn problem_from_json(v: &Value) -> Result<Problem, String> {
    let at = v["at"]
        .as_array()
        .ok_or("a problem without a place")?
        .iter()
        .map(|s| match s {
            Value::String(k) => Ok(Seg::Key(k.clone())),
            Value::Number(n) => n
                .as_u64()
                .and_then(|i| usize::try_from(i).ok())
                .map(Seg::Index)
                .ok_or_else(|| "a problem's place is not an index".to_string()),
            _ => Err("a problem's place is neither a key nor an index".to_string()),
        })
        .collect::<Result<Vec<_>, _>>()?;
    let mut msg =
        Msg::from_json(&v["msg"]).ok_or("a problem's message is not one of this build")?;
    let order: Vec<&str> = v["order"]
        .as_array()
        .map(|o| o.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    msg.args
        .sort_by_key(|(name, _)| order.iter().position(|o| o == name));
    Ok(Problem::new(Location(at), msg))
}

/// The head and the registry's chunks of `file`.
pub fn to_parts(file: &FileAlone) -> (String, Vec<Vec<u8>>) {
    let head = json!({
        "exported_at": file.exported_at,
        "exported_by": file.exported_by,
        "scope": file.scope,
        "problems": file.problems.iter().map(problem_to_json).collect::<Vec<_>>(),
    })
    .to_string();
    (head, journal::snapshot_chunks(&file.registry))
}

/// A file being put back together from its head and its chunks, one chunk at a time.
pub struct Assembly {
    head: Value,
    registry: Registry,
    next: usize,
}

impl Assembly {
    pub fn new(head: &str) -> Result<Assembly, String> {
        let head: Value = serde_json::from_str(head).map_err(|e| e.to_string())?;
        if !head.is_object() {
            return Err("the head is not an object".into());
        }
        Ok(Assembly {
            head,
            registry: Registry::default(),
            next: 0,
        })
    }

    /// Reads the next chunk into the registry.
    pub fn add(&mut self, chunk: &[u8]) -> Result<(), String> {
        journal::read_chunk(chunk, self.next, &mut self.registry).map_err(|p| {
            p.first()
                .map(|p| format!("{}: {:?}", p.path, p.msg.key))
                .unwrap_or_default()
        })?;
        self.next += 1;
        Ok(())
    }

    pub fn finish(self) -> Result<FileAlone, String> {
        let text = |k: &str| self.head[k].as_str().unwrap_or_default().to_string();
        let problems = match &self.head["problems"] {
            Value::Array(list) => list
                .iter()
                .map(problem_from_json)
                .collect::<Result<_, _>>()?,
            _ => return Err("the head has no problems list".into()),
        };
        Ok(FileAlone {
            exported_at: text("exported_at"),
            exported_by: text("exported_by"),
            scope: self.head["scope"].as_str().map(str::to_string),
            problems,
            registry: self.registry,
        })
    }
}

/// [`to_parts`] read back in one go.
pub fn from_parts(head: &str, chunks: &[Vec<u8>]) -> Result<FileAlone, String> {
    let mut a = Assembly::new(head)?;
    for c in chunks {
        a.add(c)?;
    }
    a.finish()
}
