//! The module graph is the pipeline (issue 17, item 1): every stage folder
//! imports only stages below it, and no source file outgrows 600 lines.
//! Read from the source text, so a new upward import or a grown file fails
//! here rather than in review.

mod common;

use common::{files_under, root};

/// The stages, lowest first; a stage may import those before it. `error`
/// and `limits` sit below everything; `style` is below `load` because
/// load reads a style file and hands its text to the style's parser; `run`
/// drives the stages and `serve` rebuilds through `run`.
const STAGES: [(&str, usize); 10] = [
    ("error", 0),
    ("limits", 0),
    ("model", 1),
    ("style", 2),
    ("load", 3),
    ("project", 4),
    ("compose", 5),
    ("render", 6),
    ("run", 7),
    ("serve", 8),
];

fn rank(stage: &str) -> Option<usize> {
    STAGES.iter().find(|(s, _)| *s == stage).map(|(_, r)| *r)
}

/// The source files of the library with their text, test modules cut off
/// (a test may load a theatre to check a lower stage).
fn sources() -> Vec<(String, String)> {
    let src = root().join("src");
    let mut out: Vec<(String, String)> = files_under(&src)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
        .map(|p| {
            let name = p.strip_prefix(&src).unwrap().to_string_lossy().into_owned();
            (name, std::fs::read_to_string(&p).unwrap())
        })
        .collect();
    out.sort();
    assert!(out.len() > 50, "only {} source files found", out.len());
    out
}

#[test]
fn no_stage_imports_a_stage_above_it() {
    let mut upward = Vec::new();
    let mut seen = 0;
    for (name, text) in sources() {
        let stage = name.split(['/', '.']).next().unwrap_or_default();
        let Some(own) = rank(stage) else { continue };
        if name.ends_with("tests.rs") || name.contains("/tests/") {
            continue;
        }
        let code = text.split("#[cfg(test)]").next().unwrap_or_default();
        for (at, _) in code.match_indices("crate::") {
            let used: String = code[at + 7..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if let Some(r) = rank(&used) {
                seen += 1;
                if r > own {
                    upward.push(format!("src/{name}: {stage} imports {used}"));
                }
            }
        }
    }
    upward.sort();
    upward.dedup();
    assert!(seen > 100, "only {seen} imports between stages read");
    assert!(
        upward.is_empty(),
        "imports up the pipeline:\n{}",
        upward.join("\n")
    );
}

#[test]
fn no_source_file_is_over_600_lines() {
    let long: Vec<String> = sources()
        .into_iter()
        .map(|(name, text)| (name, text.lines().count()))
        .filter(|(_, n)| *n > 600)
        .map(|(name, n)| format!("src/{name}: {n} lines"))
        .collect();
    assert!(
        long.is_empty(),
        "split these by concept:\n{}",
        long.join("\n")
    );
}
