//! Splits a JSON array into its elements as it is read, so that a dump
//! delivered as one large array, alone or inside an object, is read in
//! bounded memory and its records are parsed on the workers, as JSON Lines
//! are.

use std::io::{self, BufRead};
use std::ops::Range;

/// An element's number in its array (from 1) and where its bytes are in
/// the buffer of elements.
pub type Element = (u64, Range<usize>);

/// How the array's stream ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArrayEnd {
    /// The array closed, with nothing but white space after it.
    Closed,
    /// The stream ended inside the array: inside the element numbered so,
    /// or between two.
    Unclosed(Option<u64>),
    /// Something other than white space follows the array's `]`.
    TextAfter,
    /// The stream does not start with `[` (after white space).
    NotAnArray,
}

/// What the array is found in, which says where its stream ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Enclosing {
    /// The array is the whole stream: only white space may follow it.
    Nothing,
    /// The array is a member of an object: the scan stops at its `]`, and
    /// the rest of the object is not read.
    Object,
}

/// Where the scan is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Place {
    /// Before the `[`.
    Before,
    /// Where an element must start: after the `[` or a `,`.
    Start,
    /// Inside an element, which ends at a `,` or the `]` outside its
    /// brackets, braces and strings: two values with no comma between
    /// them are one element, which fails to parse.
    Element,
    /// After the `]`.
    After,
}

/// Reads a JSON array from `reader`, appending each element's bytes
/// (trimmed) to `data` and calling `on_element(data, element)` after each;
/// `on_element` may take `data`'s contents away. `enclosing` says whether
/// the array is the whole stream.
///
/// Elements are told apart by brackets, braces, strings and commas alone,
/// at the speed of a byte search: each element is checked when it is
/// parsed, so a broken one is reported there, under its number. An empty
/// element (`[1,,2]`) is handed on empty, to be reported likewise.
pub fn split_array(
    mut reader: impl BufRead,
    data: &mut Vec<u8>,
    enclosing: Enclosing,
    on_element: &mut dyn FnMut(&mut Vec<u8>, Element),
) -> io::Result<ArrayEnd> {
    let mut place = Place::Before;
    let mut number = 0u64;
    // Inside the current element: its start in `data`, how deep in
    // brackets and braces the scan is, and whether inside a string.
    let mut start = 0;
    let mut depth = 0usize;
    let mut in_string = false;
    // Bytes of the next buffer to step over: the character after a
    // backslash that ended the last one.
    let mut carried = 0;
    loop {
        let buf = match reader.fill_buf() {
            Ok(buf) => buf,
            Err(err) if err.kind() == io::ErrorKind::Interrupted => continue,
            Err(err) => return Err(err),
        };
        if buf.is_empty() {
            break;
        }
        let len = buf.len();
        let mut i = carried.min(len);
        carried -= i;
        let mut copy_from = 0;
        while i < len {
            let byte = buf[i];
            match place {
                Place::After if enclosing == Enclosing::Object => {
                    reader.consume(i);
                    return Ok(ArrayEnd::Closed);
                }
                Place::Before | Place::Start | Place::After if byte.is_ascii_whitespace() => {
                    i += 1;
                }
                Place::Before if byte == b'[' => {
                    place = Place::Start;
                    i += 1;
                }
                Place::Before => return Ok(ArrayEnd::NotAnArray),
                Place::After => return Ok(ArrayEnd::TextAfter),
                Place::Start if byte == b']' => {
                    place = Place::After;
                    i += 1;
                }
                Place::Start if byte == b',' => {
                    number += 1;
                    on_element(data, (number, data.len()..data.len()));
                    i += 1;
                }
                Place::Start => {
                    place = Place::Element;
                    number += 1;
                    start = data.len();
                    depth = 0;
                    copy_from = i;
                }
                Place::Element if in_string => {
                    match memchr::memchr2(b'"', b'\\', &buf[i..]) {
                        None => i = len,
                        Some(at) if buf[i + at] == b'\\' => i += at + 2,
                        Some(at) => {
                            in_string = false;
                            i += at + 1;
                        }
                    }
                    if i > len {
                        carried = i - len;
                        i = len;
                    }
                }
                Place::Element => {
                    match byte {
                        b'"' => in_string = true,
                        b'[' | b'{' => depth += 1,
                        b']' | b'}' if depth > 0 => depth -= 1,
                        b',' | b']' if depth == 0 => {
                            data.extend_from_slice(&buf[copy_from..i]);
                            let end = start + data[start..].trim_ascii_end().len();
                            data.truncate(end);
                            on_element(data, (number, start..end));
                            place = if byte == b',' {
                                Place::Start
                            } else {
                                Place::After
                            };
                        }
                        _ => {}
                    }
                    i += 1;
                }
            }
        }
        if place == Place::Element {
            data.extend_from_slice(&buf[copy_from..]);
        }
        reader.consume(len);
    }
    Ok(match place {
        Place::After => ArrayEnd::Closed,
        Place::Before => ArrayEnd::NotAnArray,
        Place::Element => ArrayEnd::Unclosed(Some(number)),
        Place::Start => ArrayEnd::Unclosed(None),
    })
}

/// Reads the JSON object that `held[at..]` and then `reader` start with
/// into `held`, member by member, until `choose` takes an array member:
/// it is asked about each array that has a first element, with that
/// element and the members before the array as an object (`{…}`). Gives
/// the chosen array's offset in `held`, which holds at least its first
/// element; `None` once the object ends, or at what does not read as a
/// member, with all that was read in `held`.
pub fn find_array_in_object(
    reader: &mut impl BufRead,
    held: &mut Vec<u8>,
    at: usize,
    choose: &mut dyn FnMut(&[u8], &[u8]) -> bool,
) -> io::Result<Option<usize>> {
    let mut scan = Held {
        reader,
        bytes: held,
        at,
    };
    if scan.skip_blank()? != Some(b'{') {
        return Ok(None);
    }
    let object = scan.at;
    scan.at += 1;
    // Where the members read so far end.
    let mut members_end = scan.at;
    loop {
        if scan.skip_blank()? != Some(b'"') {
            return Ok(None);
        }
        scan.skip_string()?;
        if scan.skip_blank()? != Some(b':') {
            return Ok(None);
        }
        scan.at += 1;
        if scan.skip_blank()? == Some(b'[') {
            let array = scan.at;
            scan.at += 1;
            if scan.skip_blank()?.is_some_and(|byte| byte != b']') {
                let first = scan.at;
                scan.skip_value()?;
                let members = [&scan.bytes[object..members_end], b"}"].concat();
                if choose(&members, scan.bytes[first..scan.at].trim_ascii_end()) {
                    return Ok(Some(array));
                }
            }
            scan.at = array;
        }
        scan.skip_value()?;
        members_end = scan.at;
        if scan.skip_blank()? != Some(b',') {
            return Ok(None);
        }
        scan.at += 1;
    }
}

/// A stream's bytes, kept as they are read, and a place in them.
struct Held<'a, R> {
    reader: &'a mut R,
    bytes: &'a mut Vec<u8>,
    at: usize,
}

impl<R: BufRead> Held<'_, R> {
    /// The byte at the place, read from the stream if need be; `None` at
    /// the stream's end.
    fn peek(&mut self) -> io::Result<Option<u8>> {
        while self.at >= self.bytes.len() {
            let buf = match self.reader.fill_buf() {
                Ok(buf) => buf,
                Err(err) if err.kind() == io::ErrorKind::Interrupted => continue,
                Err(err) => return Err(err),
            };
            if buf.is_empty() {
                return Ok(None);
            }
            let len = buf.len();
            self.bytes.extend_from_slice(buf);
            self.reader.consume(len);
        }
        Ok(Some(self.bytes[self.at]))
    }

    /// Steps over white space, and gives the byte after it.
    fn skip_blank(&mut self) -> io::Result<Option<u8>> {
        loop {
            match self.peek()? {
                Some(byte) if byte.is_ascii_whitespace() => self.at += 1,
                other => return Ok(other),
            }
        }
    }

    /// Steps over the string that starts at the place.
    fn skip_string(&mut self) -> io::Result<()> {
        self.at += 1;
        while let Some(byte) = self.peek()? {
            self.at += 1;
            match byte {
                b'\\' => self.at += 1,
                b'"' => break,
                _ => {}
            }
        }
        Ok(())
    }

    /// Steps over a value, by brackets, braces and strings alone, up to
    /// the `,`, `]` or `}` after it, or the stream's end.
    fn skip_value(&mut self) -> io::Result<()> {
        let mut depth = 0usize;
        while let Some(byte) = self.peek()? {
            match byte {
                b'"' => {
                    self.skip_string()?;
                    continue;
                }
                b'[' | b'{' => depth += 1,
                b',' | b']' | b'}' if depth == 0 => break,
                b']' | b'}' => depth -= 1,
                _ => {}
            }
            self.at += 1;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The elements and the end `split_array` finds in `text`, read `step`
    /// bytes at a time.
    fn split(text: &str, step: usize) -> (Vec<(u64, String)>, ArrayEnd) {
        let reader = io::BufReader::with_capacity(step, text.as_bytes());
        split_from(reader, Enclosing::Nothing)
    }

    /// The elements and the end `split_array` finds in `reader`.
    fn split_from(reader: impl BufRead, enclosing: Enclosing) -> (Vec<(u64, String)>, ArrayEnd) {
        let mut elements = Vec::new();
        let end = split_array(
            reader,
            &mut Vec::new(),
            enclosing,
            &mut |data, (number, span)| {
                elements.push((number, String::from_utf8(data[span].to_vec()).unwrap()));
                data.clear();
            },
        )
        .unwrap();
        (elements, end)
    }

    #[test]
    fn elements_are_found_whatever_the_read_size() {
        let text = r#" [ {"title": "NATO-nun \"zirvəsi\" [1]", "tags": ["a,b", {"c": "}"}]},
            {"text": "Алиев \\", "n": 2}
            ,"yalnız mətn", 3.5 , [] ,{}]
        "#;
        let expected: Vec<(u64, String)> = [
            r#"{"title": "NATO-nun \"zirvəsi\" [1]", "tags": ["a,b", {"c": "}"}]}"#,
            r#"{"text": "Алиев \\", "n": 2}"#,
            r#""yalnız mətn""#,
            "3.5",
            "[]",
            "{}",
        ]
        .iter()
        .zip(1..)
        .map(|(element, number)| (number, element.to_string()))
        .collect();
        for step in [1, 2, 3, 7, 64, 4096] {
            let (elements, end) = split(text, step);
            assert_eq!(elements, expected, "read {step} bytes at a time");
            assert_eq!(end, ArrayEnd::Closed);
            // Each element is the JSON value it was.
            for (_, element) in &elements {
                serde_json::from_str::<serde_json::Value>(element).unwrap();
            }
        }
    }

    /// Any JSON value, with strings full of what the scan looks for.
    fn json_value() -> impl proptest::strategy::Strategy<Value = serde_json::Value> {
        use proptest::prelude::*;
        use serde_json::Value;
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(Value::from),
            "[\\[\\]{},:\"\\\\ aəД\n]{0,8}".prop_map(Value::String),
        ];
        leaf.prop_recursive(3, 24, 4, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
                proptest::collection::btree_map("[\\[\\],\"\\\\a]{0,3}", inner, 0..4)
                    .prop_map(|map| Value::Object(map.into_iter().collect())),
            ]
        })
    }

    proptest::proptest! {
        #[test]
        fn elements_are_the_values_of_the_array(
            values in proptest::collection::vec(json_value(), 0..6),
            pretty: bool,
            step in 1usize..40,
        ) {
            let text = if pretty {
                serde_json::to_string_pretty(&values).unwrap()
            } else {
                serde_json::to_string(&values).unwrap()
            };
            let (elements, end) = split(&text, step);
            proptest::prop_assert_eq!(end, ArrayEnd::Closed);
            let parsed: Vec<serde_json::Value> = elements
                .iter()
                .map(|(_, element)| serde_json::from_str(element).unwrap())
                .collect();
            proptest::prop_assert_eq!(parsed, values);
            let numbers: Vec<u64> = elements.iter().map(|(number, _)| *number).collect();
            proptest::prop_assert_eq!(numbers, (1..=elements.len() as u64).collect::<Vec<_>>());
        }
    }

    /// What `find_array_in_object` finds in `text` read `step` bytes at a
    /// time, choosing the first array whose first element has a `text`
    /// key: the array's elements, read on from there, and what `choose`
    /// was asked, as strings.
    fn find(text: &str, step: usize) -> (Option<Vec<String>>, Vec<(String, String)>) {
        let mut reader = io::BufReader::with_capacity(step, text.as_bytes());
        let mut held = Vec::new();
        let mut asked = Vec::new();
        let mut choose = |members: &[u8], first: &[u8]| {
            let as_text = |bytes: &[u8]| String::from_utf8(bytes.to_vec()).unwrap();
            asked.push((as_text(members), as_text(first)));
            serde_json::from_slice::<serde_json::Value>(first)
                .is_ok_and(|first| first.get("text").is_some())
        };
        let found = find_array_in_object(&mut reader, &mut held, 0, &mut choose).unwrap();
        let elements = found.map(|at| {
            let array = io::Read::chain(io::Cursor::new(held.split_off(at)), reader);
            let (elements, end) = split_from(array, Enclosing::Object);
            assert_eq!(end, ArrayEnd::Closed);
            elements.into_iter().map(|(_, element)| element).collect()
        });
        (elements, asked)
    }

    #[test]
    fn the_chosen_array_of_an_object_is_found_whatever_the_read_size() {
        let text = r#"{ "info": {"found": ["a", "}]\""], "n": 612},
            "list": [ {"title": "x"}, {"title": "y"} ], "empty": [],
            "articles" : [ {"text": "NATO-nun [zirvəsi]"} , {"text": "Алиев"} ] ,
            "more": [{"text": "not read"}] }"#;
        for step in [1, 2, 5, 64, 4096] {
            let (elements, asked) = find(text, step);
            assert_eq!(
                elements.unwrap(),
                [r#"{"text": "NATO-nun [zirvəsi]"}"#, r#"{"text": "Алиев"}"#],
                "read {step} bytes at a time"
            );
            // Asked about each array with a first element, in file order,
            // with the members before it as an object.
            assert_eq!(asked.len(), 2);
            assert_eq!(
                asked[0],
                (
                    r#"{ "info": {"found": ["a", "}]\""], "n": 612}}"#.to_string(),
                    r#"{"title": "x"}"#.to_string()
                )
            );
            let members: serde_json::Value = serde_json::from_str(&asked[1].0).unwrap();
            let keys: Vec<&String> = members.as_object().unwrap().keys().collect();
            assert_eq!(keys, ["empty", "info", "list"]);
        }
        // Not an object, no array chosen, or no member where one must be.
        for text in [
            r#"[{"text": "a"}]"#,
            r#"{"text": "a", "n": [1, 2]}"#,
            r#"{"a": 1, "b": [{"title": "x"}]}"#,
            r#"{"a" 1, "b": [{"text": "x"}]}"#,
            r#"{"a": 1 "b": [{"text": "x"}]}"#,
            r#"{"a": [{"text": "cut"#,
            "",
        ] {
            assert_eq!(find(text, 3).0, None, "{text}");
        }
    }

    proptest::proptest! {
        #[test]
        fn the_records_array_is_found_among_any_members(
            before in proptest::collection::vec(("[\\[\\],\"\\\\a]{0,3}", json_value()), 0..4),
            records in proptest::collection::vec("[\\[\\]{},:\"\\\\ aəД\n]{0,8}", 1..4),
            after in proptest::collection::vec(("[\\[\\],\"\\\\a]{0,3}", json_value()), 0..3),
            pretty: bool,
            step in 1usize..40,
        ) {
            let json = |value: &serde_json::Value| if pretty {
                serde_json::to_string_pretty(value).unwrap()
            } else {
                serde_json::to_string(value).unwrap()
            };
            let records: Vec<serde_json::Value> =
                records.iter().map(|text| serde_json::json!({"text": text})).collect();
            let member = |(key, value): &(String, serde_json::Value)| {
                format!("{}: {}", json(&key.clone().into()), json(value))
            };
            let members: Vec<String> = before
                .iter()
                .map(member)
                .chain([format!("\"records\": {}", json(&records.clone().into()))])
                .chain(after.iter().map(member))
                .collect();
            let text = format!("{{{}}}", members.join(",\n"));
            let (elements, _) = find(&text, step);
            let elements = elements.expect("the records array is found");
            let parsed: Vec<serde_json::Value> = elements
                .iter()
                .map(|element| serde_json::from_str(element).unwrap())
                .collect();
            proptest::prop_assert_eq!(parsed, records);
        }
    }

    #[test]
    fn broken_arrays_say_how_they_end() {
        assert_eq!(split("[]", 1), (vec![], ArrayEnd::Closed));
        assert_eq!(split("  ", 1), (vec![], ArrayEnd::NotAnArray));
        assert_eq!(split("{\"a\": 1}", 1), (vec![], ArrayEnd::NotAnArray));
        let (elements, end) = split(r#"[{"a": 1}, {"b": "cut sh"#, 3);
        assert_eq!(elements, [(1, r#"{"a": 1}"#.to_string())]);
        assert_eq!(end, ArrayEnd::Unclosed(Some(2)));
        assert_eq!(split("[1, 2", 1).1, ArrayEnd::Unclosed(Some(2)));
        assert_eq!(split("[1, 2 ,", 1).1, ArrayEnd::Unclosed(None));
        let (elements, end) = split(r#"[{"a": 1} {"b": 2}]"#, 5);
        assert_eq!(elements, [(1, r#"{"a": 1} {"b": 2}"#.to_string())]);
        assert!(serde_json::from_str::<serde_json::Value>(&elements[0].1).is_err());
        assert_eq!(end, ArrayEnd::Closed);
        let (elements, end) = split(r#"[{"a": 1}] [{"b": 2}]"#, 3);
        assert_eq!(elements.len(), 1);
        assert_eq!(end, ArrayEnd::TextAfter);
        // An empty element keeps its number, so the next one keeps its own.
        let (elements, end) = split("[1,,2]", 1);
        assert_eq!(
            elements,
            [(1, "1".into()), (2, String::new()), (3, "2".into())]
        );
        assert_eq!(end, ArrayEnd::Closed);
        // An unbalanced element swallows the rest, which its parse reports.
        let (elements, end) = split(r#"[{"a": [1}, {"b": 2}]"#, 4);
        assert!(elements.is_empty(), "{elements:?}");
        assert_eq!(end, ArrayEnd::Unclosed(Some(1)));
    }
}
