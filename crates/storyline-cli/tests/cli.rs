//! End-to-end tests of the `storyline` binary, on articles written for them.

use std::path::Path;
use std::process::{Command, Output};

fn storyline(args: &[&str], db: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_storyline"))
        .args(args)
        .arg("--db")
        .arg(db)
        .output()
        .expect("storyline runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

const EN: &str = " date 2024-05-02 The ferry service between Karsholm and Vintra resumed on Thursday after \
a three-day halt. Harbour Master Ilse Varden said the new pontoon had passed its inspection. \
Passengers queued from early morning.";
const SV: &str = "Färjetrafiken mellan Karsholm och Vintra kom i gång igen i torsdags efter tre dagars uppehåll. \
Hamnkaptenen Ilse Varden sade att den nya pontonen hade klarat besiktningen. Resenärerna köade redan tidigt på morgonen.";

fn write_corpus(dir: &Path) {
    std::fs::write(dir.join("a.txt"), EN).unwrap();
    std::fs::write(dir.join("b.txt"), SV).unwrap();
}

#[test]
fn ingest_twice_adds_nothing_the_second_time() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("in");
    std::fs::create_dir(&corpus).unwrap();
    write_corpus(&corpus);
    let db = tmp.path().join("s.db");

    let first = storyline(&["ingest", corpus.to_str().unwrap(), "--json"], &db);
    assert_eq!(first.status.code(), Some(0), "{}", String::from_utf8_lossy(&first.stderr));
    let summary: serde_json::Value = serde_json::from_str(&stdout(&first)).unwrap();
    assert_eq!(summary["added"], 2);

    let second = storyline(&["ingest", corpus.to_str().unwrap()], &db);
    assert_eq!(second.status.code(), Some(0));
    assert!(stdout(&second).contains("0 added"), "{}", stdout(&second));
    assert!(stdout(&second).contains("2 unchanged"), "{}", stdout(&second));

    let docs = storyline(&["docs", "--json"], &db);
    let docs: serde_json::Value = serde_json::from_str(&stdout(&docs)).unwrap();
    let docs = docs.as_array().unwrap();
    assert_eq!(docs.len(), 2);
    let by_lang = |l: &str| docs.iter().find(|d| d["language"] == l).unwrap_or_else(|| panic!("no {l} doc"));
    assert_eq!(by_lang("en")["published"], "2024-05-02");
    assert_eq!(by_lang("en")["date_kind"], "given");
    assert_eq!(by_lang("sv")["published"], serde_json::Value::Null);
    // Undated, but it tells the same story as the dated report: its date is estimated from it.
    assert_eq!(by_lang("sv")["date_kind"], "estimated");
    assert_eq!(by_lang("sv")["date"], "2024-05-02");

    let id = by_lang("sv")["id"].as_str().unwrap();
    let show = storyline(&["show", &id[..8], "--json"], &db);
    let shown: serde_json::Value = serde_json::from_str(&stdout(&show)).unwrap();
    assert_eq!(shown["analysis"]["sentences"].as_array().unwrap().len(), 3);
}

#[test]
fn changed_file_is_updated_not_duplicated() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("a.txt");
    let db = tmp.path().join("s.db");
    std::fs::write(&file, EN).unwrap();
    assert_eq!(storyline(&["ingest", file.to_str().unwrap()], &db).status.code(), Some(0));
    std::fs::write(&file, format!("{EN} A second ferry is due in June.")).unwrap();
    let again = storyline(&["ingest", file.to_str().unwrap(), "--json"], &db);
    let summary: serde_json::Value = serde_json::from_str(&stdout(&again)).unwrap();
    assert_eq!(summary["updated"], 1);
    assert_eq!(summary["added"], 0);
    let docs: serde_json::Value = serde_json::from_str(&stdout(&storyline(&["docs", "--json"], &db))).unwrap();
    assert_eq!(docs.as_array().unwrap().len(), 1);
}

#[test]
fn bad_inputs_are_named_and_the_rest_stored() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("in");
    std::fs::create_dir(&corpus).unwrap();
    write_corpus(&corpus);
    std::fs::write(corpus.join("empty.txt"), "").unwrap();
    std::fs::write(corpus.join("blob.bin"), [0u8, 159, 146, 150, 0, 1, 2, 3, 0, 0, 7, 8]).unwrap();
    let db = tmp.path().join("s.db");
    let out = storyline(&["ingest", corpus.to_str().unwrap()], &db);
    assert_eq!(out.status.code(), Some(3), "{}", stdout(&out));
    let text = stdout(&out);
    assert!(text.contains("empty.txt"), "{text}");
    assert!(text.contains("blob.bin"), "{text}");
    let rejects = storyline(&["rejects", "--json"], &db);
    let rejects: serde_json::Value = serde_json::from_str(&stdout(&rejects)).unwrap();
    assert_eq!(rejects.as_array().unwrap().len(), 2);
}

#[test]
fn nothing_usable_exits_1_and_bad_usage_2() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("s.db");
    let empty = tmp.path().join("empty.txt");
    std::fs::write(&empty, "").unwrap();
    assert_eq!(storyline(&["ingest", empty.to_str().unwrap()], &db).status.code(), Some(1));
    assert_eq!(storyline(&["ingest", "--no-such-flag"], &db).status.code(), Some(2));
}

#[test]
fn analyze_offsets_point_into_the_input_as_given() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("x.txt");
    let text = "Le maire a démissionné lundi. « Je pars », a-t-il dit. Il avait été élu en 2019.";
    std::fs::write(&file, text).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_storyline"))
        .args(["analyze", file.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success());
    let a: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(a["language"], "fr");
    for s in a["sentences"].as_array().unwrap() {
        let (start, end) = (s["start"].as_u64().unwrap() as usize, s["end"].as_u64().unwrap() as usize);
        assert!(text.is_char_boundary(start) && text.is_char_boundary(end) && start < end);
    }
    let first = &a["sentences"][0];
    assert_eq!(&text[..first["end"].as_u64().unwrap() as usize], "Le maire a démissionné lundi.");
}

#[test]
fn killed_ingest_rerun_stores_each_document_once() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("in");
    std::fs::create_dir(&corpus).unwrap();
    let n = 3000;
    for i in 0..n {
        std::fs::write(corpus.join(format!("{i:05}.txt")), format!("Bulletin {i}. {EN}")).unwrap();
    }
    let db = tmp.path().join("s.db");
    let mut child = Command::new(env!("CARGO_BIN_EXE_storyline"))
        .args(["ingest", corpus.to_str().unwrap(), "--db", db.to_str().unwrap()])
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Wait until some batches are committed, then kill -9 mid-run.
    for _ in 0..200 {
        std::thread::sleep(std::time::Duration::from_millis(20));
        if db.with_extension("db-wal").exists() {
            break;
        }
    }
    std::thread::sleep(std::time::Duration::from_millis(150));
    child.kill().unwrap();
    child.wait().unwrap();

    let rerun = storyline(&["ingest", corpus.to_str().unwrap(), "--json"], &db);
    assert_eq!(rerun.status.code(), Some(0));
    let docs: serde_json::Value = serde_json::from_str(&stdout(&storyline(&["docs", "--json"], &db))).unwrap();
    let docs = docs.as_array().unwrap();
    assert_eq!(docs.len(), n);
    let ids: std::collections::HashSet<_> = docs.iter().map(|d| d["id"].as_str().unwrap().to_string()).collect();
    assert_eq!(ids.len(), n);
}

#[test]
fn quotes_lists_who_said_what_across_the_corpus() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("in");
    std::fs::create_dir(&corpus).unwrap();
    std::fs::write(
        corpus.join("q.txt"),
        "The dam at Orsby held through the night. \"We never expected water this high,\" said Mayor Petra Lund. \
         Engineers said that the spillway would stay open until Friday.",
    )
    .unwrap();
    write_corpus(&corpus);
    let db = tmp.path().join("s.db");
    assert_eq!(storyline(&["ingest", corpus.to_str().unwrap()], &db).status.code(), Some(0));
    let out = storyline(&["quotes", "--speaker", "lund", "--json"], &db);
    assert!(out.status.success());
    let quotes: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let quotes = quotes.as_array().unwrap();
    assert_eq!(quotes.len(), 1, "{quotes:?}");
    assert_eq!(quotes[0]["kind"], "direct");
    assert!(quotes[0]["text"].as_str().unwrap().contains("We never expected water this high"));
    assert!(quotes[0]["speaker"]["text"].as_str().unwrap().contains("Petra Lund"));
}
