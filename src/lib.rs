//! entgraph finds the people, countries and organizations named in news
//! articles, in many languages and scripts, and builds the graph of which
//! entities are named together.
//!
//! Data flows one way through one module per stage:
//! [`input`] reads dumps into [`document::Document`]s, [`text`] folds case
//! and splits sentences, [`gazetteer`] compiles the entity lists, [`matcher`]
//! finds aliases with their inflections, [`resolve`] ties each to one
//! entity, [`graph`] counts co-occurrences and [`export`] writes CSV, GraphML
//! and `run.json`. [`pipeline`] wires them with rayon.
//!
//! ```
//! use entgraph::gazetteer::GazetteerBuilder;
//! use entgraph::matcher::Matcher;
//! use entgraph::resolve::resolve;
//!
//! let mut builder = GazetteerBuilder::new();
//! builder.entity("Q7184", "organization", "NATO", ["НАТО", "OTAN"]);
//! let gazetteer = builder.build()?;
//! let text = "Тобиас Лоренцсон: НАТО и Азербайджан";
//! let candidates = Matcher::new(&gazetteer).find(text, None);
//! let mentions = resolve(&gazetteer, &candidates, None).mentions;
//! assert_eq!(&text[mentions[0].start..mentions[0].end], "НАТО");
//! # Ok::<(), entgraph::error::Error>(())
//! ```

#![deny(missing_docs)]

pub mod document;
pub mod error;
pub mod eval;
pub mod export;
pub mod gazetteer;
pub mod graph;
pub mod input;
pub mod matcher;
pub mod pipeline;
pub mod resolve;
pub mod text;

/// The README's examples, compiled and run as doctests.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
