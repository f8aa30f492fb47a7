//! 挂图作战 and exit verification: the progress table (推进表) and its task form, targets and
//! responsibility letters (责任清单), the battle map (作战图) with a village's 施工图, and the
//! county's 摘帽 check with its sample checks and surveys.

pub mod battle_map;
pub mod county;
pub mod targets;
pub mod task_form;
pub mod tasks;
