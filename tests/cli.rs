//! `entgraph match`, `entgraph gazetteer check`, and exit codes.

use crate::util::{Workdir, mentions, repo};

#[test]
fn match_prints_json_lines_of_mentions() {
    let dir = Workdir::new();
    let output = dir
        .command()
        .args([
            "match",
            "NATO-nun Azərbaycandakı səfirlikləri və İsveçin səfiri",
        ])
        .output()
        .unwrap();
    assert!(output.status.success());
    let lines: Vec<serde_json::Value> = String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let surfaces: Vec<&str> = lines
        .iter()
        .map(|l| l["surface"].as_str().unwrap())
        .collect();
    assert_eq!(surfaces, ["NATO-nun", "Azərbaycandakı", "İsveçin"]);
    assert_eq!(lines[0]["start"], 0);
    assert_eq!(lines[0]["end"], 8);
    assert_eq!(lines[1]["alias"], "Azərbaycan");
}

#[test]
fn match_reads_stdin() {
    use std::io::Write;
    let dir = Workdir::new();
    let mut child = dir
        .command()
        .args(["match", "--lang", "ru"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all("Встреча Алиева с Лоренцсоном в России".as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success());
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(stdout.contains("\"surface\":\"России\""), "{stdout}");
}

#[test]
fn shipped_gazetteers_pass_the_check() {
    let dir = Workdir::new();
    let output = dir.command().args(["gazetteer", "check"]).output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stdout)
    );
}

#[test]
fn gazetteer_check_names_file_and_line_and_exits_2() {
    let dir = Workdir::new();
    dir.write(
        "gaz/people.csv",
        "id,label,aliases\nQ57371,Ilham Aliyev,İlham Əliyev|Ильхам Алиев\n,No Id,Nobody\nQ1,Two,Fields,Too,Many\nQ2,Nato,NATO\u{FFFF}\n",
    );
    dir.write("gaz/lang/az.txt", "script latin\nendings ın\nsufix la\n");
    let output = dir.check(&[]);
    assert_eq!(output.status.code(), Some(2));
    let stdout = String::from_utf8(output.stdout).unwrap();
    let people = dir.path().join("gaz/people.csv").display().to_string();
    let az = dir.path().join("gaz/lang/az.txt").display().to_string();
    assert!(
        stdout.contains(&format!("{people}:3: empty id")),
        "{stdout}"
    );
    assert!(stdout.contains(&format!("{people}:4:")), "{stdout}");
    assert!(
        stdout.contains(&format!("{people}:5: `Q2`: `NATO\u{FFFF}` holds U+FFFF")),
        "{stdout}"
    );
    assert!(
        stdout.contains(&format!("{az}:3: unknown directive `sufix`")),
        "{stdout}"
    );
}

#[test]
fn unusable_gazetteers_exit_2() {
    let dir = Workdir::new();
    let (_, output) = dir.run(&["--gazetteers", "/nonexistent/gazetteers"]);
    assert_eq!(output.status.code(), Some(2));
    // One line naming the folder and the reason, the reason said once.
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.starts_with("entgraph: /nonexistent/gazetteers: "),
        "{stderr}"
    );
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert_eq!(stderr.matches("os error 2").count(), 1, "{stderr}");
    let (_, output) = dir.run(&["--lang", "xx"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("xx"), "{stderr}");
}

#[test]
fn default_run_reads_samples_into_output() {
    // `entgraph run` with no INPUT reads samples/; here into a temp folder.
    let dir = Workdir::new();
    let out = dir.run_ok(&[]);
    let documents = crate::util::read_csv(&out.join("documents.csv"));
    assert!(documents.len() >= 25, "{} documents", documents.len());
    assert!(documents.iter().all(|d| d["status"] == "ok"));
    assert!(repo().join("samples").join("README.md").exists());
    let langs: std::collections::BTreeSet<&str> =
        documents.iter().map(|d| d["lang"].as_str()).collect();
    for lang in ["az", "de", "ru"] {
        assert!(langs.contains(lang), "{langs:?}");
    }
}

#[test]
fn guess_among_chooses_only_among_the_languages_named() {
    let dir = Workdir::new();
    let out = dir.run_ok(&["--guess-among", "az,de,ru"]);
    let documents = crate::util::read_csv(&out.join("documents.csv"));
    assert!(documents.len() >= 25, "{} documents", documents.len());
    // Each sample is in the language its folder names.
    for document in &documents {
        let folder = document["source"].split(['/', '\\']).rev().nth(1).unwrap();
        assert_eq!(document["lang"], folder, "{document:?}");
    }
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("run.json")).unwrap()).unwrap();
    assert_eq!(
        manifest["options"]["guess_among"],
        serde_json::json!(["az", "de", "ru"])
    );
    // Left out, German is taken for one of the languages named.
    let out = dir.run_ok(&["--guess-among", "az,ru"]);
    let documents = crate::util::read_csv(&out.join("documents.csv"));
    assert!(
        documents
            .iter()
            .all(|d| d["lang"] == "az" || d["lang"] == "ru")
    );
    for args in [
        ["--guess-among", "az,xx"].as_slice(),
        &["--lang", "az", "--guess-among", "ru"],
    ] {
        let (_, output) = dir.run(args);
        assert_eq!(output.status.code(), Some(2));
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains("--guess-among"), "{stderr}");
    }
}

#[test]
fn fold_diacritics_matches_names_typed_without_marks() {
    let dir = Workdir::new();
    let text = "Staynmayer Gurcustanin ve Isvecin sefirleri ile Azarbaycanda gorusdu.";
    let plain = mentions(&dir, &["--lang", "az"], text);
    assert!(plain.is_empty(), "{plain:?}");
    let folded = mentions(&dir, &["--lang", "az", "--fold-diacritics"], text);
    for (surface, id) in [
        ("Staynmayer", "Q76658"),
        ("Gurcustanin", "Q230"),
        ("Isvecin", "Q34"),
        ("Azarbaycanda", "Q227"),
    ] {
        assert!(
            folded.contains(&(surface.to_string(), id.to_string())),
            "{surface} in {folded:?}"
        );
    }
}
