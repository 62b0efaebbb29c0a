//! The shipped gazetteers (issue 5): their size, real spellings from real
//! text resolving to the right ids, and the hygiene warnings of
//! `entgraph gazetteer check`.

use std::collections::BTreeSet;

use crate::util::{Workdir, mentions, read_csv, repo, seed};

/// The ids of the rows of a shipped gazetteer file.
fn ids(file: &str) -> BTreeSet<String> {
    read_csv(&repo().join("gazetteers").join(file))
        .into_iter()
        .map(|row| row["id"].clone())
        .collect()
}

/// The line of a seed article that contains `needle`.
fn seed_line(file: &str, needle: &str) -> String {
    std::fs::read_to_string(seed(file))
        .unwrap()
        .lines()
        .find(|line| line.contains(needle))
        .unwrap_or_else(|| panic!("no line with {needle} in {file}"))
        .trim()
        .to_string()
}

#[test]
fn issue_5_counts() {
    let people = ids("people.csv");
    assert!(people.len() >= 600, "{} people", people.len());
    let organizations = ids("organizations.csv");
    assert!(
        organizations.len() >= 150,
        "{} organizations",
        organizations.len()
    );
    // Every ISO 3166-1 alpha-2 code, written out from the standard.
    let iso = "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ \
               BL BM BN BO BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR \
               CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR \
               GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU \
               ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ \
               LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ \
               MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF \
               PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI \
               SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR \
               TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW";
    let codes: BTreeSet<&str> = iso.split_whitespace().collect();
    assert_eq!(codes.len(), 249);
    let countries = read_csv(&repo().join("gazetteers").join("countries.csv"));
    let shipped: BTreeSet<&str> = countries.iter().map(|row| row["iso2"].as_str()).collect();
    let missing: Vec<&&str> = codes.iter().filter(|c| !shipped.contains(**c)).collect();
    assert!(missing.is_empty(), "countries.csv lacks {missing:?}");
}

#[test]
fn seed_spellings_resolve_to_their_ids() {
    let dir = Workdir::new();
    // German agency copy, Azerbaijani text naming two heads of state by
    // surname alone, and the Russian headline of an Azerbaijani article.
    let cases = [
        (
            "004_d6d645764ae949bf.txt",
            "de",
            "Jens Stoltenberg begrüßte",
            "Jens Stoltenberg",
            "Q57665",
        ),
        (
            "000_9a670cb9cd3e9141.txt",
            "az",
            "Zelenski və Ştaynmayer",
            "Ştaynmayer",
            "Q76658",
        ),
        (
            "000_9a670cb9cd3e9141.txt",
            "az",
            "Zelenski və Ştaynmayer",
            "Zelenski",
            "volodymyr-zelensky",
        ),
        (
            "000_9a670cb9cd3e9141.txt",
            "ru",
            "Тобиас Лоренцсон:",
            "Тобиас Лоренцсон",
            "tobias-lorentsson",
        ),
        (
            "000_9a670cb9cd3e9141.txt",
            "ru",
            "Тобиас Лоренцсон:",
            "НАТО",
            "Q7184",
        ),
    ];
    for (file, lang, needle, surface, id) in cases {
        let line = seed_line(file, needle);
        let found = mentions(&dir, &["--lang", lang], &line);
        assert!(
            found.contains(&(surface.to_string(), id.to_string())),
            "{surface} -> {id} in {line:?}: {found:?}"
        );
    }
}

#[test]
fn heads_of_government_in_the_spellings_of_the_news() {
    // Phrases as the corpora under shared/data write them.
    let dir = Workdir::new();
    let cases = [
        (
            "tr",
            "ayrıca Navaz Şerif yönetiminin ülkeye şeriat",
            "Navaz Şerif",
            "nawaz-sharif",
        ),
        (
            "tr",
            "Yunanistan Başbakanı Aleksis Çipras Çin'de bir araya geldi.",
            "Aleksis Çipras",
            "alexis-tsipras",
        ),
        (
            "ru",
            "Сейчас этот пост занимает Кириакос Мицотакис.",
            "Кириакос Мицотакис",
            "Q552751",
        ),
        (
            "ru",
            "премьер-министр Владимир Гройсман (3,6%)",
            "Владимир Гройсман",
            "Q4150130",
        ),
        (
            "az",
            "Bu barədə Baş nazir Əli Əsədov qərar imzalayıb.",
            "Əli Əsədov",
            "ali-asadov",
        ),
        (
            "az",
            "Rumıniyanın Baş naziri Marçel Çolaku prezident seçkilərinin",
            "Marçel Çolaku",
            "marcel-ciolacu",
        ),
        (
            "de",
            "teilte der ukrainische Energieminister Denys Schmyhal auf dem",
            "Denys Schmyhal",
            "denys-shmyhal",
        ),
        (
            "de",
            "dass viele in Außenminister Sebastian Kurz den Spitzenkandidaten",
            "Sebastian Kurz",
            "sebastian-kurz",
        ),
    ];
    for (lang, text, surface, id) in cases {
        let found = mentions(&dir, &["--lang", lang], text);
        assert!(
            found.contains(&(surface.to_string(), id.to_string())),
            "{surface} -> {id} in {text:?}: {found:?}"
        );
    }
}

#[test]
fn heads_of_small_states_are_listed() {
    // One UN member from each region the first lists left out, with the
    // heads of state and government it has had since 2015.
    let people = ids("people.csv");
    let heads = [
        ("Zambia", ["edgar-lungu", "hakainde-hichilema"]),
        ("The Gambia", ["yahya-jammeh", "adama-barrow"]),
        ("Barbados", ["freundel-stuart", "mia-mottley"]),
        ("Guatemala", ["jimmy-morales", "otto-perez-molina"]),
        ("Fiji", ["frank-bainimarama", "sitiveni-rabuka"]),
        ("Bhutan", ["tshering-tobgay", "lotay-tshering"]),
    ];
    for (country, ids) in heads {
        for id in ids {
            assert!(people.contains(id), "{country}: {id}");
        }
    }
    // As de_zeitgeist writes Venezuela's interim president.
    let dir = Workdir::new();
    let text =
        "die Weltbank nach Angaben von Interims-Präsidentin Delcy Rodríguez Kredite angeboten.";
    let found = mentions(&dir, &["--lang", "de"], text);
    assert!(
        found.contains(&("Delcy Rodríguez".to_string(), "delcy-rodriguez".to_string())),
        "{found:?}"
    );
}

#[test]
fn kazakh_deputies_are_reordered_given_name_first() {
    // The Mazhilis list writes `NAZARBAYEVA Dariga Nursultanovna`.
    // Without a Wikidata id the row's id is `kz-mp-` and the first eight
    // characters of the EveryPolitician id (`0214a6e0-4cec-…`).
    let dir = Workdir::new();
    let found = mentions(
        &dir,
        &["--lang", "en"],
        "Dariga Nazarbayeva spoke in Astana.",
    );
    assert!(
        found.contains(&(
            "Dariga Nazarbayeva".to_string(),
            "kz-mp-0214a6e0".to_string()
        )),
        "{found:?}"
    );
}

#[test]
fn check_warns_but_exits_0() {
    let dir = Workdir::new();
    dir.write(
        "gaz/countries.csv",
        "id,label,aliases,iso2\n\
         Q971,Republic of the Congo,Congo|Kongo,CG\n\
         Q974,DR Congo,Congo|Kongo,CD\n\
         Q912,Mali,Мали,ML\n",
    );
    dir.write(
        "gaz/people.csv",
        "id,label,aliases\n\
         Q57371,İlham Əliyev,Ilham Aliyev\n\
         wang-yi,Wang Yi,Yi\n\
         Q974,Félix Tshisekedi,\n",
    );
    dir.write(
        "news/az.txt",
        "Mali Nazirliyi mali hesabat verdi. Bu mali il üçün mali bazarlar.\n",
    );
    let news = dir.path().join("news");
    let output = dir.check(&["--corpus".as_ref(), news.as_os_str()]);
    let stdout = String::from_utf8(output.stdout).unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    // `Q974` in people.csv clashes in type with countries.csv: an error.
    assert_eq!(output.status.code(), Some(2), "{stdout}{stderr}");
    let countries = dir.path().join("gaz/countries.csv").display().to_string();
    let people = dir.path().join("gaz/people.csv").display().to_string();
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(
        lines,
        [
            format!("{people}:4: `Q974` has type `person` here but `country` at {countries}:3"),
            format!(
                "{countries}:2: warning: alias `Congo` names 2 entities: \
                 Q971 (Republic of the Congo), Q974 (DR Congo)"
            ),
            format!(
                "{countries}:2: warning: alias `Kongo` names 2 entities: \
                 Q971 (Republic of the Congo), Q974 (DR Congo)"
            ),
            format!(
                "{countries}:4: warning: alias `Mali` of Q912 (Mali) is written in lower case \
                 3 times, capitalized once: a common word?"
            ),
            format!(
                "{people}:3: warning: alias `Yi` of wang-yi has 2 letters and is not written \
                 in capitals"
            ),
        ],
        "{stderr}"
    );
    assert!(stderr.contains("0 skipped"), "{stderr}");

    // Without the type clash, warnings alone leave the exit code at 0.
    dir.write(
        "gaz/people.csv",
        "id,label,aliases\nQ57371,İlham Əliyev,Ilham Aliyev\nwang-yi,Wang Yi,Yi\n",
    );
    let output = dir.check(&[]);
    assert_eq!(output.status.code(), Some(0));
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert_eq!(stdout.lines().count(), 3, "{stdout}");
    assert!(
        stdout.lines().all(|l| l.contains(": warning: ")),
        "{stdout}"
    );
}
