//! JSON read strictly: an object that repeats a key is refused, naming the key and where
//! it is. (serde_json keeps the last of repeated keys without a word, so a file edited by
//! hand could silently lose what its first copy of a field said.)

use std::fmt;

use serde::de::{DeserializeSeed, Error as _, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

/// Where a value is in the document, as a chain up to the root; written out only for a
/// message, so reading costs no string per value.
#[derive(Clone, Copy)]
enum Path<'a> {
    Root,
    Key(&'a Path<'a>, &'a str),
    Index(&'a Path<'a>, usize),
}

impl fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Path::Root => f.write_str("$"),
            Path::Key(Path::Root, k) => f.write_str(k),
            Path::Key(p, k) => write!(f, "{p}.{k}"),
            Path::Index(p, i) => write!(f, "{p}[{i}]"),
        }
    }
}

/// Reads one value at `Path`, refusing repeated keys in every object below it.
struct Checked<'a>(Path<'a>);

impl<'de> DeserializeSeed<'de> for Checked<'_> {
    type Value = Value;

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Checked<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(Number::from_f64(v).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(v) = seq.next_element_seed(Checked(Path::Index(&self.0, items.len())))? {
            items.push(v);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut object = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            let here = Path::Key(&self.0, &key);
            if object.contains_key(&key) {
                return Err(A::Error::custom(format!(
                    "{here}: the key \"{key}\" appears twice in one object"
                )));
            }
            let value = map.next_value_seed(Checked(here))?;
            object.insert(key, value);
        }
        Ok(Value::Object(object))
    }
}

/// Parse JSON text, refusing an object with a repeated key. The error is serde_json's;
/// for a repeated key it is a data error whose message names the key's path.
pub fn parse(text: &str) -> serde_json::Result<Value> {
    let mut de = serde_json::Deserializer::from_str(text);
    let value = Checked(Path::Root).deserialize(&mut de)?;
    de.end()?;
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_keys_are_refused_at_any_depth_and_named_by_path() {
        let e = parse(r#"{"a": 1, "a": 2}"#).unwrap_err();
        assert!(
            e.to_string().starts_with("a: the key \"a\" appears twice"),
            "{e}"
        );
        let e =
            parse(r#"{"needs": [{"id": "n1"}, {"id": "n2", "x": {"k": 1, "k": 1}}]}"#).unwrap_err();
        assert!(
            e.to_string().starts_with("needs[1].x.k: the key \"k\""),
            "{e}"
        );
        assert!(e.is_data(), "{e:?}");
    }

    #[test]
    fn the_same_key_in_sibling_objects_and_values_of_every_kind_read_as_serde_json_does() {
        let text = r#"{"a": [{"id": 1}, {"id": -2.5}], "b": {"id": null}, "c": [true, "s", 18446744073709551615, -9223372036854775808, 1e300]}"#;
        assert_eq!(
            parse(text).unwrap(),
            serde_json::from_str::<Value>(text).unwrap()
        );
    }

    #[test]
    fn trailing_text_and_deep_nesting_are_errors_not_crashes() {
        assert!(parse("{} x").is_err());
        assert!(parse(&"[".repeat(100_000)).is_err());
    }
}
