//! Unknown keys, wrong types and TOML syntax errors, reported with the key path or line.

use super::*;

#[test]
fn unknown_top_level_key() {
    let text = format!("colour = \"red\"\n{}", base());
    rejected_text(
        &text,
        &[
            "at `colour`",
            "unknown field `colour`",
            "expected one of `simulation`",
            "line 1",
        ],
    );
}

#[test]
fn unknown_table() {
    let text = format!("{}\n[outputs]\njobs_csv = false\n", base());
    let line = format!("line {}", line_of(&text, "[outputs]"));
    rejected_text(
        &text,
        &["at `outputs`", "unknown field `outputs`", "`output`", &line],
    );
}

#[test]
fn unknown_nested_key() {
    let text = edit(&base(), "nodes = 2", "nodez = 2");
    let line = format!("line {}", line_of(&text, "nodez"));
    rejected_text(
        &text,
        &[
            "at `sites[0].cluster.nodez`",
            "unknown field `nodez`",
            "expected one of `nodes`",
            &line,
        ],
    );
}

#[test]
fn unknown_key_in_a_job() {
    let text = edit(
        &base(),
        "duration_hours = 5",
        "duration_hours = 5\nduration_days = 1",
    );
    rejected_text(
        &text,
        &[
            "at `workload.jobs[0].duration_days`",
            "unknown field",
            "`duration_hours`",
        ],
    );
}

#[test]
fn string_for_a_number() {
    let text = edit(&base(), "pue = 1.2", "pue = \"1.2\"");
    let line = format!("line {}", line_of(&text, "pue ="));
    rejected_text(
        &text,
        &[
            "at `sites[0].pue`",
            "invalid type: string",
            "expected f64",
            &line,
        ],
    );
}

#[test]
fn string_for_an_integer() {
    let text = edit(&base(), "gpus = 8\n", "gpus = \"eight\"\n");
    rejected_text(
        &text,
        &[
            "at `workload.jobs[0].gpus`",
            "invalid type: string",
            "expected u32",
        ],
    );
}

#[test]
fn negative_count() {
    let text = edit(&base(), "nodes = 2", "nodes = -2");
    rejected_text(
        &text,
        &[
            "at `sites[0].cluster.nodes`",
            "invalid value",
            "expected u32",
        ],
    );
}

#[test]
fn missing_required_key() {
    let text = edit(&base(), "start = \"2023-01-01T00:00:00Z\"\n", "");
    rejected_text(&text, &["`simulation`", "missing field `start`"]);
}

#[test]
fn syntax_error_unclosed_table() {
    let text = edit(&base(), "[sites.grid]", "[sites.grid");
    let line = format!("line {}", line_of(&text, "[sites.grid"));
    rejected_text(&text, &["unclosed table", "expected `]`", &line]);
}

#[test]
fn syntax_error_unterminated_string() {
    let text = edit(&base(), "name = \"alpha\"", "name = \"alpha");
    let line = format!("line {}", line_of(&text, "name = \"alpha"));
    rejected_text(&text, &["string", &line]);
}

#[test]
fn unknown_scheduler_policy() {
    let text = edit(&base(), "policy = \"fifo\"", "policy = \"shortest_first\"");
    let line = format!("line {}", line_of(&text, "policy ="));
    rejected_text(
        &text,
        &[
            "at `scheduler.policy`",
            "unknown variant `shortest_first`",
            "expected `fifo` or `easy_backfill`",
            &line,
        ],
    );
}

#[test]
fn validation_errors_give_the_line_of_the_key() {
    // base(): `nodes = 2` is on line 18 of the file.
    let line = base().lines().position(|l| l == "nodes = 2").unwrap() + 1;
    let text = base().replace("nodes = 2", "nodes = 0");
    rejected_text(
        &text,
        &[
            "`sites[0].cluster.nodes`",
            &format!("(line {line}, column 1)"),
        ],
    );
    // In a swept scenario too (the typed check runs on the expanded scenario).
    let swept = base().replace("nodes = 2", "nodes = 2\nnodez = { sweep = [1, 2] }");
    rejected_text(
        &swept,
        &[
            "unknown field `nodez`",
            &format!("line {}, column 1", line + 1),
        ],
    );
}
