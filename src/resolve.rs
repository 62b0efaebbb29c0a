//! Resolve stage: turn a document's candidates into mentions of one entity
//! each.
//!
//! The document decides: an alias shared by several entities goes to the one
//! the document also names unambiguously, else it is reported as ambiguous;
//! a surname or initial-plus-surname form counts only where the same
//! document names that person in full; forms on the block list never count.
//! It hands the graph stage [`Mention`]s in text order.

use std::collections::BTreeSet;

use crate::gazetteer::Gazetteer;
use crate::matcher::Candidate;

/// A span of text that names one entity.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Mention {
    /// Byte offset in the original text.
    pub start: usize,
    /// Byte offset in the original text, exclusive.
    pub end: usize,
    /// Index into [`Gazetteer::entities`].
    pub entity: usize,
    /// Index into [`Gazetteer::aliases`]: the alias it matched.
    pub alias: usize,
}

/// A candidate the document could not settle between several entities.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ambiguous {
    /// The candidate.
    pub candidate: Candidate,
    /// The entities it may name, sorted.
    pub entities: Vec<usize>,
}

/// What resolving one document gives.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Resolution {
    /// Mentions in text order.
    pub mentions: Vec<Mention>,
    /// Candidates left ambiguous.
    pub ambiguous: Vec<Ambiguous>,
    /// Candidates dropped because their alias is on the block list.
    pub blocked: usize,
    /// Surname forms dropped because the document never names the person
    /// in full.
    pub unconfirmed: usize,
}

/// Resolves the candidates of `text`.
/// `lang` is the document's language, which decides where forms blocked
/// in some languages only are blocked.
pub fn resolve(gazetteer: &Gazetteer, candidates: &[Candidate], lang: Option<&str>) -> Resolution {
    let aliases = gazetteer.aliases();
    let mut resolution = Resolution::default();
    let kept: Vec<&Candidate> = candidates
        .iter()
        .filter(|c| {
            let blocked = aliases[c.alias].blocked.applies(lang);
            resolution.blocked += usize::from(blocked);
            !blocked
        })
        .collect();

    // Entities the document names in full and without doubt.
    let named_in_full: BTreeSet<usize> = kept
        .iter()
        .filter_map(|c| {
            let mut full = aliases[c.alias].senses.iter().filter(|s| !s.partial);
            match (full.next(), full.next()) {
                (Some(sense), None) => Some(sense.entity),
                _ => None,
            }
        })
        .collect();

    for candidate in kept {
        let senses = &aliases[candidate.alias].senses;
        // Walked again rather than collected: nearly every candidate has one
        // sense, and a document has many candidates.
        let possible = || {
            senses
                .iter()
                .filter(|s| !s.partial || named_in_full.contains(&s.entity))
                .map(|s| s.entity)
        };
        let chosen = if possible().nth(1).is_some() {
            let mut in_full = possible().filter(|e| named_in_full.contains(e));
            in_full.next().filter(|_| in_full.next().is_none())
        } else {
            possible().next()
        };
        match chosen {
            Some(entity) => resolution.mentions.push(Mention {
                start: candidate.start,
                end: candidate.end,
                entity,
                alias: candidate.alias,
            }),
            None if possible().next().is_none() => resolution.unconfirmed += 1,
            None => resolution.ambiguous.push(Ambiguous {
                candidate: *candidate,
                entities: possible().collect(),
            }),
        }
    }
    resolution
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gazetteer::GazetteerBuilder;
    use crate::matcher::Matcher;

    fn gazetteer() -> Gazetteer {
        let mut builder = GazetteerBuilder::new();
        builder
            .entity("Q1", "person", "Elçin Qasımov", [])
            .entity("Q2", "person", "Jens Stoltenberg", [])
            .entity("georgia", "country", "Georgia", ["Gürcüstan"])
            .entity("georgia-us", "state", "Georgia (U.S. state)", ["Georgia"])
            .entity("jordan", "country", "Jordan", [])
            .entity("michael-jordan", "person", "Michael Jordan", ["Jordan"])
            .entity("jersey", "country", "Jersey", [])
            .entity("mali", "country", "Mali", [])
            .block("New Jersey", &[])
            .block("Mali", &["az", "tr"])
            .block("Report", &[]);
        builder.entity("report", "organization", "Report", []);
        builder.build().unwrap()
    }

    fn surfaces(text: &str) -> (Vec<(String, String)>, Resolution) {
        surfaces_in(text, None)
    }

    fn surfaces_in(text: &str, lang: Option<&str>) -> (Vec<(String, String)>, Resolution) {
        let gazetteer = gazetteer();
        let candidates = Matcher::new(&gazetteer).find(text, None);
        let resolution = resolve(&gazetteer, &candidates, lang);
        let found = resolution
            .mentions
            .iter()
            .map(|m| {
                let id = gazetteer.entities()[m.entity].id.clone();
                (text[m.start..m.end].to_string(), id)
            })
            .collect();
        (found, resolution)
    }

    #[test]
    fn surnames_count_only_after_the_full_name() {
        let (found, resolution) = surfaces("Stoltenberg dankte. E.Qasımov deyib.");
        assert!(found.is_empty(), "{found:?}");
        assert_eq!(resolution.unconfirmed, 2);

        let (found, _) = surfaces("Elçin Qasımov deyib. E.Qasımov və Qasımov");
        let ids: Vec<&str> = found.iter().map(|(_, id)| id.as_str()).collect();
        assert_eq!(ids, ["Q1", "Q1", "Q1"]);
        assert_eq!(found[1].0, "E.Qasımov");
    }

    #[test]
    fn the_document_settles_shared_aliases_or_they_stay_ambiguous() {
        let (found, resolution) = surfaces("Georgia said no.");
        assert!(found.is_empty());
        assert_eq!(resolution.ambiguous.len(), 1);
        assert_eq!(resolution.ambiguous[0].entities.len(), 2);

        let (found, resolution) = surfaces("Gürcüstan. Georgia said no.");
        assert_eq!(
            found,
            [
                ("Gürcüstan".to_string(), "georgia".to_string()),
                ("Georgia".to_string(), "georgia".to_string())
            ]
        );
        assert!(resolution.ambiguous.is_empty());
    }

    #[test]
    fn a_shared_alias_that_is_also_a_surname_needs_the_document() {
        let (found, resolution) = surfaces("Michael Jordan scored. Jordan said");
        let ids: Vec<&str> = found.iter().map(|(_, id)| id.as_str()).collect();
        assert_eq!(ids, ["michael-jordan", "michael-jordan"]);
        assert!(resolution.ambiguous.is_empty());
    }

    #[test]
    fn blocked_forms_never_count() {
        let (found, resolution) = surfaces("Bunu Report-a deyib. Report");
        assert!(found.is_empty(), "{found:?}");
        assert_eq!(resolution.blocked, 2);
        let (found, resolution) = surfaces("Jersey and New Jersey");
        assert_eq!(found, [("Jersey".to_string(), "jersey".to_string())]);
        assert_eq!(resolution.blocked, 1);
        // "Mali Milat" (tr: financial) is not the country; German "Mali" is.
        let (found, _) = surfaces_in("Mali Milat", Some("tr"));
        assert!(found.is_empty());
        let (found, _) = surfaces_in("Soldaten in Mali", Some("de"));
        assert_eq!(found, [("Mali".to_string(), "mali".to_string())]);
    }
}
