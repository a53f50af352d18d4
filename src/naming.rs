//! Names StarRocks refuses, renamed (SPEC §6). Pure functions over name lists, so that the same
//! source names always get the same StarRocks names whatever order the rules visit them in.
//!
//! Names that are already valid keep their name and win collisions; renamed ones take `_2`, `_3`…

use std::borrow::Cow;
use std::collections::{BTreeMap, HashSet};

/// StarRocks database names: `[A-Za-z_][A-Za-z0-9_]*`, at most 256 characters.
pub fn database_name(name: &str) -> Cow<'_, str> {
    let valid = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    if name.len() <= 256 && name.bytes().all(valid) && name.bytes().next().is_some_and(|c| !c.is_ascii_digit()) {
        return Cow::Borrowed(name);
    }
    let mut out: String = name.chars().map(|c| if c.is_ascii_alphanumeric() || c == '_' { c } else { '_' }).collect();
    if out.is_empty() || out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, '_');
    }
    Cow::Owned(out.chars().take(256).collect())
}

/// StarRocks column names may not contain `=<>!*`, nor start with the load columns' `__op` /
/// `__row`. A backtick cannot survive StarRocks' identifier parsing (it strips them), so it goes too.
pub fn column_name(name: &str) -> Cow<'_, str> {
    const REFUSED: &[char] = &['=', '<', '>', '!', '*', '`'];
    if !name.contains(REFUSED) && !name.starts_with("__op") && !name.starts_with("__row") {
        return Cow::Borrowed(name);
    }
    let out: String = name.chars().map(|c| if REFUSED.contains(&c) { '_' } else { c }).collect();
    Cow::Owned(if out.starts_with("__op") || out.starts_with("__row") { format!("c{out}") } else { out })
}

/// Table names accept anything but NUL; StarRocks strips backticks inside quoted identifiers.
pub fn table_name(name: &str) -> Cow<'_, str> {
    if !name.contains(['`', '\0']) {
        return Cow::Borrowed(name);
    }
    Cow::Owned(name.chars().map(|c| if c == '`' || c == '\0' { '_' } else { c }).collect())
}

/// Map each name to a unique valid name. `fold` decides when two names collide (StarRocks
/// column names are case-insensitive). Result order follows `names`; a valid name is borrowed,
/// so the common case (every name valid) allocates nothing per name.
pub fn unique<'a>(
    names: &[&'a str],
    rename: for<'x> fn(&'x str) -> Cow<'x, str>,
    fold: fn(&str) -> String,
) -> Vec<Cow<'a, str>> {
    let renamed: Vec<Cow<'a, str>> = names.iter().map(|n| rename(n)).collect();
    // Valid names keep their name: only a renamed one needs the collision bookkeeping.
    if renamed.iter().all(|r| matches!(r, Cow::Borrowed(_))) {
        return renamed;
    }
    let mut taken: HashSet<String> =
        renamed.iter().filter(|r| matches!(r, Cow::Borrowed(_))).map(|n| fold(n)).collect();
    let mut result = Vec::with_capacity(names.len());
    for wanted in renamed {
        let Cow::Owned(wanted) = wanted else {
            result.push(wanted);
            continue;
        };
        let mut candidate = wanted.clone();
        let mut k = 2;
        while taken.contains(&fold(&candidate)) {
            candidate = format!("{wanted}_{k}");
            k += 1;
        }
        taken.insert(fold(&candidate));
        result.push(Cow::Owned(candidate));
    }
    result
}

/// [`unique`] where valid names may collide too: PostgreSQL column names that differ only in
/// letter case (`Name`, `name`) are one name to StarRocks. The first keeps its name, a later
/// twin gets `_2`, `_3`… (in source order, so the result is deterministic).
pub fn unique_folding<'a>(
    names: &[&'a str],
    rename: for<'x> fn(&'x str) -> Cow<'x, str>,
    fold: fn(&str) -> String,
) -> Vec<Cow<'a, str>> {
    let renamed = unique(names, rename, fold);
    let mut seen: HashSet<String> = HashSet::new();
    let twins: HashSet<usize> =
        renamed.iter().enumerate().filter(|(_, n)| !seen.insert(fold(n))).map(|(i, _)| i).collect();
    if twins.is_empty() {
        return renamed;
    }
    let mut taken: HashSet<String> =
        renamed.iter().enumerate().filter(|(i, _)| !twins.contains(i)).map(|(_, n)| fold(n)).collect();
    renamed
        .into_iter()
        .enumerate()
        .map(|(i, name)| {
            if !twins.contains(&i) {
                return name;
            }
            let mut k = 2;
            let mut candidate = format!("{name}_{k}");
            while taken.contains(&fold(&candidate)) {
                k += 1;
                candidate = format!("{name}_{k}");
            }
            taken.insert(fold(&candidate));
            Cow::Owned(candidate)
        })
        .collect()
}

pub fn same(s: &str) -> String {
    s.to_string()
}

pub fn lower(s: &str) -> String {
    s.to_lowercase()
}

/// StarRocks database name for every source database of the snapshot.
pub fn database_names<'a>(names: impl Iterator<Item = &'a str>) -> BTreeMap<String, String> {
    let names: Vec<&str> = names.collect();
    let renamed = unique(&names, database_name, same);
    names.iter().map(|n| n.to_string()).zip(renamed.into_iter().map(Cow::into_owned)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_twins_get_a_suffix_in_source_order() {
        let names = ["Name", "name", "id", "NAME", "name_2"];
        let out = unique_folding(&names, column_name, lower);
        // `name_2` is taken by a column of that name, and `NAME_3` would fold into `name_3`.
        assert_eq!(out, ["Name", "name_3", "id", "NAME_4", "name_2"]);
    }

    #[test]
    fn refused_database_names_become_identifiers() {
        assert_eq!(database_name("my-db"), "my_db");
        assert_eq!(database_name("2020data"), "_2020data");
        assert_eq!(database_name("订单"), "__");
    }

    #[test]
    fn renamed_names_never_take_a_valid_name() {
        let m = database_names(["my-db", "my_db", "my.db"].into_iter());
        assert_eq!(m["my_db"], "my_db");
        assert_eq!(m["my-db"], "my_db_2");
        assert_eq!(m["my.db"], "my_db_3");
    }

    #[test]
    fn column_collisions_are_case_insensitive() {
        let names = ["A_B", "a=b", "__op", "c__op"];
        assert_eq!(unique(&names, column_name, lower), ["A_B", "a_b_2", "c__op_2", "c__op"]);
    }
}
