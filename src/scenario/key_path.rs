//! Key paths into a scenario's TOML tree (`sites[0].pue`), as `--set` and sweep axes name
//! them.

/// One step of a key path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Segment {
    /// A table key.
    Key(String),
    /// An index into an array (of tables).
    Index(usize),
}

/// A key path such as `sites[0].pue`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyPath(pub Vec<Segment>);

impl std::fmt::Display for KeyPath {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, s) in self.0.iter().enumerate() {
            match s {
                Segment::Key(k) if i == 0 => write!(f, "{k}")?,
                Segment::Key(k) => write!(f, ".{k}")?,
                Segment::Index(n) => write!(f, "[{n}]")?,
            }
        }
        Ok(())
    }
}

impl KeyPath {
    /// Parses `a.b[2].c`.
    pub fn parse(text: &str) -> std::result::Result<KeyPath, String> {
        let mut out = Vec::new();
        for part in text.split('.') {
            let (name, mut rest) = match part.find('[') {
                Some(i) => (&part[..i], &part[i..]),
                None => (part, ""),
            };
            if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                return Err(format!("'{text}' is not a key path like sites[0].pue"));
            }
            out.push(Segment::Key(name.to_string()));
            while let Some(stripped) = rest.strip_prefix('[') {
                let end = stripped
                    .find(']')
                    .ok_or_else(|| format!("'{text}': unclosed ["))?;
                let n = stripped[..end]
                    .parse()
                    .map_err(|_| format!("'{text}': index must be a whole number"))?;
                out.push(Segment::Index(n));
                rest = &stripped[end + 1..];
            }
            if !rest.is_empty() {
                return Err(format!("'{text}' is not a key path like sites[0].pue"));
            }
        }
        Ok(KeyPath(out))
    }

    pub(super) fn get_mut<'a>(
        &self,
        root: &'a mut toml::Table,
    ) -> std::result::Result<&'a mut toml::Value, String> {
        let mut segments = self.0.iter();
        let Some(Segment::Key(first)) = segments.next() else {
            return Err(format!("bad key path {self}"));
        };
        let mut value = root
            .get_mut(first)
            .ok_or_else(|| format!("no key `{first}`"))?;
        for s in segments {
            value = match (s, value) {
                (Segment::Key(k), toml::Value::Table(t)) => t
                    .get_mut(k)
                    .ok_or_else(|| format!("no key `{k}` in {self}"))?,
                (Segment::Index(i), toml::Value::Array(a)) => {
                    let n = a.len();
                    a.get_mut(*i)
                        .ok_or_else(|| format!("index {i} out of range (length {n}) in {self}"))?
                }
                _ => return Err(format!("`{self}` does not match the scenario's structure")),
            };
        }
        Ok(value)
    }

    /// Sets the value at this path, creating missing tables (not array elements).
    pub(super) fn set(
        &self,
        root: &mut toml::Table,
        value: toml::Value,
    ) -> std::result::Result<(), String> {
        let (last, parent) = self.0.split_last().ok_or("empty key path")?;
        let mut table = root;
        for s in parent {
            let Segment::Key(k) = s else {
                return Err(format!(
                    "`{self}`: indices are only allowed on existing arrays"
                ));
            };
            let next = table
                .entry(k.clone())
                .or_insert_with(|| toml::Value::Table(toml::Table::new()));
            table = match next {
                toml::Value::Table(t) => t,
                _ => {
                    return Err(format!(
                        "`{self}` goes through `{k}`, which is not a table (give array indices, e.g. sites[0].pue)"
                    ));
                }
            };
        }
        match last {
            Segment::Key(k) => {
                table.insert(k.clone(), value);
                Ok(())
            }
            Segment::Index(_) => Err(format!("`{self}` must end with a key")),
        }
    }
}
