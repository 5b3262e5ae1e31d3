//! The models: `genesys-cloud-models/src/generated/`, one file per API group (and one for the models several
//! groups share), each struct with its serde attributes, constructor and setters, and each open enum.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use crate::json::Json;
use crate::names;
use crate::{Output, generated_header};

/// The models of the generated groups and what the overrides say of them.
pub(crate) struct Models<'a> {
    /// Each definition, with the group files that declare it (in group order).
    pub(crate) definitions: BTreeMap<String, (Json, Vec<String>)>,
    pub(crate) overrides: &'a Json,
    /// Every API group, in order.
    pub(crate) all_groups: Vec<String>,
    /// The groups whose code is generated.
    pub(crate) generated_groups: Vec<String>,
    /// The open enums that parameters of generated operations take, with the groups of those operations.
    pub(crate) parameter_enums: BTreeMap<String, Vec<String>>,
}

/// Where a model or enum is written: its file, and the cargo features of which any one compiles it (none for
/// what every group declares, such as ErrorBody: always compiled).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Placement {
    file: String,
    features: Vec<String>,
}

impl Placement {
    /// The placement of what `groups` (the generated ones among its declarers, or all of them) need.
    fn of(models: &Models<'_>, declarers: &[String]) -> Option<Self> {
        if models.all_groups.iter().all(|g| declarers.contains(g)) {
            return Some(Self {
                file: "common".to_owned(),
                features: Vec::new(),
            });
        }
        let features: Vec<String> = models
            .generated_groups
            .iter()
            .filter(|g| declarers.contains(g))
            .cloned()
            .collect();
        let file = match features.as_slice() {
            [] => return None,
            [one] => one.clone(),
            many => format!("shared_{}", many.join("_")),
        };
        Some(Self { file, features })
    }

    /// The `#[cfg]` line of the module, empty when always compiled.
    fn cfg(&self) -> String {
        let each: Vec<String> = self
            .features
            .iter()
            .map(|f| format!("feature = \"{f}\""))
            .collect();
        match each.as_slice() {
            [] => String::new(),
            [one] => format!("#[cfg({one})]\n"),
            many => format!("#[cfg(any({}))]\n", many.join(", ")),
        }
    }
}

/// What a property becomes in Rust.
struct Field {
    key: String,
    rust_name: String,
    rust_type: String,
    required: bool,
    read_only: bool,
    description: String,
}

/// One open enum of the overrides, checked against the swagger.
struct EnumDef {
    name: String,
    values: Vec<String>,
    doc: String,
    value_docs: Vec<(String, String)>,
    value_doc: String,
    /// Variant names the overrides give for values whose own would clash (`Unknown` -> `UnknownPlatform`).
    variant_names: Vec<(String, String)>,
}

impl EnumDef {
    /// The Rust variant of `value`.
    fn variant(&self, value: &str) -> String {
        self.variant_names
            .iter()
            .find(|(v, _)| v == value)
            .map_or_else(|| variant(value), |(_, name)| name.clone())
    }
}

impl Models<'_> {
    /// The Rust type of property `key` of `model`.
    fn rust_type(
        &self,
        model: &str,
        key: &str,
        schema: &Json,
        item: bool,
    ) -> Result<String, String> {
        let place = if item {
            format!("{model}.{key}[]")
        } else {
            format!("{model}.{key}")
        };
        if let Some(name) = self
            .overrides
            .get("types")
            .and_then(|t| t.get(&place))
            .and_then(Json::as_str)
        {
            return Ok(name.to_owned());
        }
        if let Some(name) = self
            .overrides
            .get("secrets")
            .and_then(|t| t.get(&place))
            .and_then(Json::as_str)
        {
            return Ok(name.to_owned());
        }
        if let Some(target) = schema.text("$ref").strip_prefix("#/definitions/") {
            // A model that holds itself, directly or through others, has no size: the link is boxed. Items of
            // arrays and maps are on the heap already.
            if !item && self.holds_directly(target, model) {
                return Ok(format!("Box<{target}>"));
            }
            return Ok(target.to_owned());
        }
        if schema.get("enum").is_some() {
            return self.enum_for(&place, schema).map(|e| e.name);
        }
        Ok(match (schema.text("type"), schema.text("format")) {
            ("string", "date-time") => "Timestamp".to_owned(),
            ("string", _) => "String".to_owned(),
            ("integer", "int32") => "i32".to_owned(),
            ("integer", "int64") => "i64".to_owned(),
            ("number", "float") => "f32".to_owned(),
            ("number", _) => "f64".to_owned(),
            ("boolean", _) => "bool".to_owned(),
            ("array", _) => {
                let items = schema
                    .get("items")
                    .ok_or_else(|| format!("{place}: an array without items"))?;
                format!("Vec<{}>", self.rust_type(model, key, items, true)?)
            }
            ("object", _) => match schema.get("additionalProperties") {
                Some(values) => format!(
                    "BTreeMap<String, {}>",
                    self.rust_type(model, key, values, true)?
                ),
                // Any JSON at all: an object without a value schema says nothing of its shape.
                None => "serde_json::Value".to_owned(),
            },
            (kind, format) => {
                return Err(format!(
                    "{place}: type `{kind}` format `{format}` has no Rust type"
                ));
            }
        })
    }

    /// The enum whose `usedBy` names `place`; its values must be the swagger's.
    fn enum_for(&self, place: &str, schema: &Json) -> Result<EnumDef, String> {
        let all = self.enums()?;
        let found = all
            .into_iter()
            .find(|e| self.used_by(&e.name).iter().any(|u| u == place))
            .ok_or_else(|| {
                format!("{place}: an enum that no enum of overrides.json lists in `usedBy`")
            })?;
        let values: Vec<String> = schema
            .get("enum")
            .map(Json::as_array)
            .unwrap_or_default()
            .iter()
            .filter_map(Json::as_str)
            .map(str::to_owned)
            .collect();
        if values != found.values {
            return Err(format!(
                "{place}: the swagger's values {values:?} differ from enum {}'s {:?} in overrides.json",
                found.name, found.values
            ));
        }
        Ok(found)
    }

    /// Whether model `from` holds model `to` inline, through properties that are a model (not an array or a map).
    fn holds_directly(&self, from: &str, to: &str) -> bool {
        let mut seen = BTreeSet::new();
        let mut stack = vec![from.to_owned()];
        while let Some(name) = stack.pop() {
            if name == to {
                return true;
            }
            if !seen.insert(name.clone()) {
                continue;
            }
            let Some((def, _)) = self.definitions.get(&name) else {
                continue;
            };
            for (_, schema) in def.get("properties").map(Json::members).unwrap_or_default() {
                if let Some(target) = schema.text("$ref").strip_prefix("#/definitions/") {
                    stack.push(target.to_owned());
                }
            }
        }
        false
    }

    fn used_by(&self, name: &str) -> Vec<String> {
        self.overrides
            .get("enums")
            .and_then(|e| e.get(name))
            .and_then(|e| e.get("usedBy"))
            .map(Json::as_array)
            .unwrap_or_default()
            .iter()
            .filter_map(Json::as_str)
            .map(str::to_owned)
            .collect()
    }

    fn enums(&self) -> Result<Vec<EnumDef>, String> {
        let mut out = Vec::new();
        for (name, def) in self
            .overrides
            .get("enums")
            .map(Json::members)
            .unwrap_or_default()
        {
            let values: Vec<String> = def
                .get("values")
                .map(Json::as_array)
                .unwrap_or_default()
                .iter()
                .filter_map(Json::as_str)
                .map(str::to_owned)
                .collect();
            if values.is_empty() {
                return Err(format!("overrides.json: enum {name} has no values"));
            }
            let value_docs = def
                .get("valueDocs")
                .map(Json::members)
                .unwrap_or_default()
                .iter()
                .map(|(value, doc)| (value.clone(), doc.as_str().unwrap_or_default().to_owned()))
                .collect();
            let variant_names = def
                .get("variantNames")
                .map(Json::members)
                .unwrap_or_default()
                .iter()
                .map(|(value, name)| (value.clone(), name.as_str().unwrap_or_default().to_owned()))
                .collect();
            out.push(EnumDef {
                name: name.clone(),
                variant_names,
                values,
                doc: def.text("doc").to_owned(),
                value_docs,
                value_doc: def.text("valueDoc").to_owned(),
            });
        }
        Ok(out)
    }

    fn fields(&self, model: &str, def: &Json) -> Result<Vec<Field>, String> {
        let required: Vec<&str> = def
            .get("required")
            .map(Json::as_array)
            .unwrap_or_default()
            .iter()
            .filter_map(Json::as_str)
            .collect();
        let mut fields = Vec::new();
        for (key, schema) in def.get("properties").map(Json::members).unwrap_or_default() {
            fields.push(Field {
                key: key.clone(),
                // The overrides name a field whose key does not read well in snake case (`OAuthClient`).
                rust_name: match self
                    .overrides
                    .get("fieldNames")
                    .and_then(|d| d.get(&format!("{model}.{key}")))
                    .and_then(Json::as_str)
                {
                    Some(name) => names::ident(name.to_owned()),
                    None => names::ident(names::snake(key)),
                },
                rust_type: self.rust_type(model, key, schema, false)?,
                required: required.contains(&key.as_str()),
                read_only: schema.flag("readOnly"),
                description: match self
                    .overrides
                    .get("fieldDocs")
                    .and_then(|d| d.get(&format!("{model}.{key}")))
                {
                    Some(doc) => doc.as_str().unwrap_or_default().to_owned(),
                    None => names::spec_text(schema.text("description")),
                },
            });
        }
        Ok(fields)
    }

    fn model_flag(&self, model: &str, flag: &str) -> bool {
        self.overrides
            .get("models")
            .and_then(|m| m.get(model))
            .is_some_and(|m| m.flag(flag))
    }

    /// Whether every value of `rust_type` has `Eq` (floats do not), looking through the models it names.
    fn is_eq(&self, rust_type: &str, seen: &mut BTreeSet<String>) -> bool {
        type_names(rust_type).into_iter().all(|name| match name {
            "f32" | "f64" => false,
            _ => match self.definitions.get(name) {
                Some((def, _)) if seen.insert(name.to_owned()) => self
                    .fields(name, def)
                    .map(|fields| fields.iter().all(|f| self.is_eq(&f.rust_type, seen)))
                    .unwrap_or(false),
                _ => true,
            },
        })
    }
}

/// The type names a Rust type is made of: `BTreeMap<String, Vec<X>>` -> `BTreeMap`, `String`, `Vec`, `X`.
fn type_names(rust_type: &str) -> Vec<&str> {
    rust_type
        .split(|c: char| !c.is_ascii_alphanumeric() && c != '_')
        .filter(|name| !name.is_empty())
        .collect()
}

/// Every model file and the module that declares them.
pub(crate) fn emit(models: &Models<'_>, out: &mut Vec<Output>) -> Result<(), String> {
    let enums = models.enums()?;
    // Each model's file: by the groups that declare it.
    let mut placed: BTreeMap<&String, Placement> = BTreeMap::new();
    for (name, (_, groups)) in &models.definitions {
        if let Some(placement) = Placement::of(models, groups) {
            placed.insert(name, placement);
        }
    }
    // Each enum's file: every group of every model that uses it, so that it is compiled wherever they are.
    let mut enum_users: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (name, placement) in &placed {
        let (def, groups) = &models.definitions[*name];
        for field in models.fields(name, def)? {
            for used in type_names(&field.rust_type) {
                if enums.iter().any(|e| e.name == used) {
                    let users = enum_users.entry(used.to_owned()).or_default();
                    let common = placement.features.is_empty();
                    let declarers = if common { &models.all_groups } else { groups };
                    for group in declarers {
                        if !users.contains(group) {
                            users.push(group.clone());
                        }
                    }
                }
            }
        }
    }
    for (name, groups) in &models.parameter_enums {
        let users = enum_users.entry(name.clone()).or_default();
        for group in groups {
            if !users.contains(group) {
                users.push(group.clone());
            }
        }
    }
    let mut files: BTreeMap<Placement, (Vec<&String>, Vec<&EnumDef>)> = BTreeMap::new();
    for (name, placement) in &placed {
        files.entry(placement.clone()).or_default().0.push(name);
    }
    for e in &enums {
        if let Some(users) = enum_users.get(&e.name) {
            let mut users = users.clone();
            users.sort_by_key(|g| models.all_groups.iter().position(|a| a == g));
            if let Some(placement) = Placement::of(models, &users) {
                files.entry(placement).or_default().1.push(e);
            }
        }
    }
    let mut module = generated_header("//");
    module.push_str("//! The models and enums of the API groups, generated from spec/: one module per API group (its cargo \
                     feature), one for what several groups share, and `common` for what every group has.\n\n");
    for (placement, (names, file_enums)) in &files {
        let file = &placement.file;
        let mut s = generated_header("//");
        let what = match placement.features.as_slice() {
            [] => "every API group".to_owned(),
            [one] => format!("the `{one}` API group"),
            many => format!("the API groups {}", many.join(", ")),
        };
        writeln!(s, "//! The models of {what}.\n").unwrap();
        let mut body = String::new();
        for name in names {
            let (def, _) = &models.definitions[*name];
            body.push_str(&model(models, name, def)?);
        }
        for e in file_enums {
            body.push_str(&open_enum(e)?);
        }
        s.push_str(&imports(&body, models, names, &enums));
        s.push_str(&body);
        let path = format!("crates/genesys-cloud-models/src/generated/{file}.rs");
        out.push(Output::rust(path, s));
        let cfg = placement.cfg();
        writeln!(module, "{cfg}mod {file};\n{cfg}pub use {file}::*;").unwrap();
    }
    out.push(Output::rust(
        "crates/genesys-cloud-models/src/generated/mod.rs".to_owned(),
        module,
    ));
    for e in &enums {
        if !enum_users.contains_key(&e.name) {
            // An enum that names a generated model's property, which that property does not use.
            let used = models.used_by(&e.name);
            let known = used.iter().any(|u| {
                let model = u.split('.').next().unwrap_or_default();
                placed.keys().any(|name| name.as_str() == model)
            });
            if known {
                return Err(format!(
                    "overrides.json: enum {} is used by no generated property",
                    e.name
                ));
            }
        }
    }
    Ok(())
}

/// The `use` lines a file's `body` needs: what it names that is defined elsewhere in the crate, and the macros
/// and serde items it calls.
fn imports(body: &str, models: &Models<'_>, here: &[&String], enums: &[EnumDef]) -> String {
    let mut s = String::new();
    if body.contains("BTreeMap<") {
        s.push_str("use std::collections::BTreeMap;\n\n");
    }
    let serde: Vec<&str> = ["Deserialize", "Serialize"]
        .into_iter()
        .filter(|t| body.contains(&format!("{t},")) || body.contains(&format!("{t})")))
        .collect();
    writeln!(s, "use serde::{{{}}};", serde.join(", ")).unwrap();
    if body.contains("Map<String, Value>") {
        s.push_str("use serde_json::{Map, Value};\n");
    }
    s.push('\n');
    // Types of the crate this file's fields name but it does not define: the hand-written ones (Timestamp, the
    // secrets) and other files' models and enums; read from the fields, not from the text, where docs name types.
    let mut external: BTreeSet<String> = BTreeSet::new();
    for name in here {
        let (def, _) = &models.definitions[*name];
        for field in models.fields(name, def).unwrap_or_default() {
            for used in type_names(&field.rust_type) {
                let crate_type = models.definitions.contains_key(used)
                    || enums.iter().any(|e| e.name == used)
                    || ["Timestamp", "ClientSecret", "AccessToken", "RefreshToken"].contains(&used);
                let defined_here = here.iter().any(|h| h.as_str() == used)
                    || body.contains(&format!("pub enum {used} "));
                if crate_type && !defined_here {
                    external.insert(used.to_owned());
                }
            }
        }
    }
    if !external.is_empty() {
        writeln!(
            s,
            "use crate::{{{}}};",
            external.into_iter().collect::<Vec<_>>().join(", ")
        )
        .unwrap();
    }
    for (marker, line) in [
        (
            "deserialize_keeping_unknown!",
            "use crate::keep_unknown::deserialize_keeping_unknown;",
        ),
        ("open_enum!", "use crate::open_enum::open_enum;"),
        ("with_setters!", "use crate::setters::with_setters;"),
    ] {
        if body.contains(marker) {
            writeln!(s, "{line}").unwrap();
        }
    }
    s
}

fn field_doc(field: &Field) -> String {
    let mut marks = Vec::new();
    if field.required {
        marks.push("required");
    }
    if field.read_only {
        marks.push("read-only");
    }
    let marks = if marks.is_empty() {
        String::new()
    } else {
        format!(" ({})", marks.join(", "))
    };
    let description = field.description.trim();
    if description.is_empty() {
        format!("`{}`{marks}.", field.key)
    } else {
        format!("`{}`{marks}: {}", field.key, description)
    }
}

/// `rename_all = "camelCase"` gives the key back from the Rust name, unless the key is not camelCase.
fn needs_rename(field: &Field) -> bool {
    let name = field.rust_name.trim_start_matches("r#");
    let mut camel = String::new();
    let mut upper = false;
    for c in name.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            camel.push(c.to_ascii_uppercase());
            upper = false;
        } else {
            camel.push(c);
        }
    }
    camel != field.key
}

fn model(models: &Models<'_>, name: &str, def: &Json) -> Result<String, String> {
    let fields = models.fields(name, def)?;
    let keep_unknown = models.model_flag(name, "keepUnknown");
    let has_required = fields.iter().any(|f| f.required);
    let eq = models.is_eq(name, &mut BTreeSet::new());
    let mut derives = vec!["Clone", "Debug"];
    if !has_required {
        derives.push("Default");
    }
    derives.push("PartialEq");
    if eq {
        derives.push("Eq");
    }
    if models.model_flag(name, "hash") {
        derives.push("Hash");
    }
    derives.push("Serialize");
    if !keep_unknown {
        derives.push("Deserialize");
    }
    let mut s = String::new();
    let doc = match models
        .overrides
        .get("models")
        .and_then(|m| m.get(name))
        .map(|m| m.text("doc"))
    {
        Some(doc) if !doc.is_empty() => doc.to_owned(),
        _ => match names::spec_text(def.text("description")).as_str() {
            "" => format!("The `{name}` model."),
            description => format!("`{name}`: {description}"),
        },
    };
    s.push('\n');
    for line in doc.lines() {
        writeln!(s, "///{}{line}", if line.is_empty() { "" } else { " " }).unwrap();
    }
    writeln!(s, "#[derive({})]\n#[serde(rename_all = \"camelCase\")]\n#[non_exhaustive]\npub struct {name} {{", derives.join(", ")).unwrap();
    for f in &fields {
        writeln!(s, "    /// {}", field_doc(f)).unwrap();
        if needs_rename(f) {
            writeln!(s, "    #[serde(rename = \"{}\")]", f.key).unwrap();
        }
        if f.required {
            writeln!(s, "    pub {}: {},", f.rust_name, f.rust_type).unwrap();
        } else {
            writeln!(
                s,
                "    #[serde(skip_serializing_if = \"Option::is_none\")]\n    pub {}: Option<{}>,",
                f.rust_name, f.rust_type
            )
            .unwrap();
        }
    }
    let writer = format!("write_additional_{}", name.to_lowercase());
    if keep_unknown {
        writeln!(
            s,
            "    /// JSON fields the API sent, or to send, that this version of the SDK does not model; written back unchanged. A key that is a field of this type is refused when writing.\n    #[serde(flatten, serialize_with = \"{writer}\")]\n    pub additional_fields: Map<String, Value>,"
        )
        .unwrap();
    }
    s.push_str("}\n\n");
    if keep_unknown {
        writeln!(s, "deserialize_keeping_unknown!({name} {{").unwrap();
        for f in &fields {
            writeln!(
                s,
                "    \"{}\" => {} {},",
                f.key,
                f.rust_name,
                if f.required { "required" } else { "optional" }
            )
            .unwrap();
        }
        s.push_str("});\n\n");
    }
    // The constructor: the required fields as arguments.
    let required: Vec<&Field> = fields.iter().filter(|f| f.required).collect();
    if !required.is_empty() || keep_unknown {
        let args: Vec<String> = required
            .iter()
            .map(|f| {
                if f.rust_type == "String" {
                    format!("{}: impl Into<String>", f.rust_name)
                } else {
                    format!("{}: {}", f.rust_name, f.rust_type)
                }
            })
            .collect();
        let inits: Vec<String> = fields
            .iter()
            .map(|f| match (f.required, f.rust_type == "String") {
                (true, true) => format!("{0}: {0}.into()", f.rust_name),
                (true, false) => f.rust_name.clone(),
                (false, _) => format!("{}: None", f.rust_name),
            })
            .chain(keep_unknown.then(|| "additional_fields: Map::new()".to_owned()))
            .collect();
        writeln!(s, "impl {name} {{").unwrap();
        writeln!(
            s,
            "    /// {} every optional field absent.\n    pub fn new({}) -> Self {{\n        Self {{ {} }}\n    }}",
            if required.is_empty() { "A value with" } else { "A value with its required fields;" },
            args.join(", "),
            inits.join(", ")
        )
        .unwrap();
        if keep_unknown {
            s.push_str("\n    /// Sets a JSON field this SDK does not model yet; it is sent as given.\n    #[must_use]\n    pub fn with_additional_field(mut self, key: impl Into<String>, value: Value) -> Self {\n        self.additional_fields.insert(key.into(), value);\n        self\n    }\n");
        }
        s.push_str("}\n\n");
    }
    let optional: Vec<&Field> = fields.iter().filter(|f| !f.required).collect();
    if !optional.is_empty() {
        writeln!(s, "with_setters!({name} {{").unwrap();
        for f in optional {
            let plain = f.rust_name.trim_start_matches("r#");
            if f.rust_name.starts_with("r#") {
                writeln!(
                    s,
                    "    {} / with_{plain}: {} => \"Sets the `{plain}` field.\",",
                    f.rust_name, f.rust_type
                )
                .unwrap();
            } else {
                writeln!(s, "    {} / with_{plain}: {},", f.rust_name, f.rust_type).unwrap();
            }
        }
        s.push_str("});\n\n");
    }
    if keep_unknown {
        let keys: Vec<String> = fields.iter().map(|f| format!("\"{}\"", f.key)).collect();
        writeln!(
            s,
            "/// Writes the additional fields of [`{name}`]; see [`crate::additional::write`].\nfn {writer}<S: serde::Serializer>(fields: &Map<String, Value>, serializer: S) -> Result<S::Ok, S::Error> {{\n    crate::additional::write(fields, serializer, &[{}])\n}}\n",
            keys.join(", ")
        )
        .unwrap();
    }
    s.push_str(&conversions(models, name, &fields)?);
    Ok(s)
}

/// `From` conversions the overrides declare (`conversions`: `{"from": A, "to": B}`): B's fields taken from A's
/// of the same key; a field of B that A lacks must be optional, and starts absent.
fn conversions(models: &Models<'_>, name: &str, fields: &[Field]) -> Result<String, String> {
    let mut s = String::new();
    for conversion in models
        .overrides
        .get("conversions")
        .map(Json::as_array)
        .unwrap_or_default()
    {
        if conversion.text("from") != name {
            continue;
        }
        let target = conversion.text("to");
        let (target_def, _) = models
            .definitions
            .get(target)
            .ok_or_else(|| format!("overrides.json: conversion to unknown model {target}"))?;
        let target_fields = models.fields(target, target_def)?;
        let mut inits = Vec::new();
        for t in &target_fields {
            match fields.iter().find(|f| f.key == t.key) {
                Some(f) if f.rust_type == t.rust_type && f.required == t.required => {
                    inits.push(format!("{0}: value.{0}", t.rust_name));
                }
                Some(_) => {
                    return Err(format!(
                        "conversion {name} -> {target}: `{}` differs in type",
                        t.key
                    ));
                }
                None if t.required => {
                    return Err(format!(
                        "conversion {name} -> {target}: `{}` is required",
                        t.key
                    ));
                }
                None => inits.push(format!("{}: None", t.rust_name)),
            }
        }
        if models.model_flag(target, "keepUnknown") && models.model_flag(name, "keepUnknown") {
            // The source's unknown fields become the target's: none may be a field of the target.
            if let Some(t) = target_fields
                .iter()
                .find(|t| !fields.iter().any(|f| f.key == t.key))
            {
                return Err(format!(
                    "conversion {name} -> {target}: `{}` would be an unknown field of {name}",
                    t.key
                ));
            }
        }
        if models.model_flag(target, "keepUnknown") {
            let carry = if models.model_flag(name, "keepUnknown") {
                "value.additional_fields"
            } else {
                "Map::new()"
            };
            inits.push(format!("additional_fields: {carry}"));
        }
        let left: Vec<&str> = fields
            .iter()
            .filter(|f| !target_fields.iter().any(|t| t.key == f.key))
            .map(|f| f.key.as_str())
            .collect();
        let left = if left.is_empty() {
            String::new()
        } else {
            format!(
                " Left out, as [`{target}`] has no place for them: `{}`.",
                left.join("`, `")
            )
        };
        writeln!(
            s,
            "impl From<{name}> for {target} {{\n    /// The [`{target}`] of a [`{name}`]: every field they share, and the JSON fields this SDK does not model.{left}\n    fn from(value: {name}) -> Self {{\n        Self {{ {} }}\n    }}\n}}\n",
            inits.join(", ")
        )
        .unwrap();
        if let Some(method) = conversion.get("method").and_then(Json::as_str) {
            writeln!(
                s,
                "impl {name} {{\n    /// {}\n    pub fn to_{method}(&self) -> {target} {{\n        self.clone().into()\n    }}\n\n    /// Like [`to_{method}`](Self::to_{method}), consuming the value to avoid copies.\n    pub fn into_{method}(self) -> {target} {{\n        self.into()\n    }}\n}}\n",
                conversion.text("doc")
            )
            .unwrap();
        }
    }
    Ok(s)
}

/// `CLIENT-CREDENTIALS` -> `ClientCredentials`, `agent.assistant` -> `AgentAssistant`, `OAuthClientId` as is.
fn variant(value: &str) -> String {
    let mut out = String::new();
    for part in value
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|p| !p.is_empty())
    {
        let mut chars = part.chars();
        let first = chars.next().unwrap_or_default().to_ascii_uppercase();
        out.push(first);
        let rest: String = chars.collect();
        if part.chars().any(|c| c.is_ascii_lowercase()) {
            out.push_str(&rest);
        } else {
            out.push_str(&rest.to_ascii_lowercase());
        }
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, 'V');
    }
    out
}

fn open_enum(e: &EnumDef) -> Result<String, String> {
    // The macro adds `Unknown(UnknownValue)`; two values may also fold to one name (`a-b` and `a.b`).
    if let Some((value, _)) = e.variant_names.iter().find(|(v, _)| !e.values.contains(v)) {
        return Err(format!(
            "enum {}: variantNames names `{value}`, which is not one of its values",
            e.name
        ));
    }
    let mut names: Vec<String> = e.values.iter().map(|v| e.variant(v)).collect();
    names.push("Unknown".to_owned());
    for (index, name) in names.iter().enumerate() {
        if name.is_empty() || names[..index].contains(name) {
            return Err(format!(
                "enum {}: the value {:?} gives the variant name `{name}`, which is empty or taken",
                e.name,
                e.values.get(index).map_or("Unknown", String::as_str)
            ));
        }
    }
    let mut s = String::from("\nopen_enum! {\n");
    let doc = if e.doc.is_empty() {
        format!("The values of `{}`.", e.name)
    } else {
        e.doc.clone()
    };
    writeln!(s, "    /// {doc}\n    pub enum {} {{", e.name).unwrap();
    for value in &e.values {
        let doc = e
            .value_docs
            .iter()
            .find(|(v, _)| v == value)
            .map(|(_, d)| d.clone())
            .unwrap_or_else(|| {
                if e.value_doc.is_empty() {
                    format!("`{value}`.")
                } else {
                    e.value_doc.replace("{value}", value)
                }
            });
        writeln!(
            s,
            "        /// {doc}\n        {} = \"{value}\",",
            e.variant(value)
        )
        .unwrap();
    }
    s.push_str("    }\n}\n");
    Ok(s)
}

#[cfg(test)]
mod tests {
    use super::variant;

    #[test]
    fn variant_names() {
        assert_eq!(variant("CLIENT-CREDENTIALS"), "ClientCredentials");
        assert_eq!(variant("SAML2-BEARER"), "Saml2Bearer");
        assert_eq!(variant("agent.assistant"), "AgentAssistant");
        assert_eq!(variant("OAuthClientId"), "OAuthClientId");
        assert_eq!(variant("Status429"), "Status429");
        assert_eq!(variant("active"), "Active");
    }

    #[test]
    fn a_value_whose_variant_name_is_taken_is_an_error() {
        let e = super::EnumDef {
            name: "Platform".to_owned(),
            values: vec!["Known".to_owned(), "Unknown".to_owned()],
            doc: String::new(),
            value_docs: Vec::new(),
            value_doc: String::new(),
            variant_names: Vec::new(),
        };
        let error = super::open_enum(&e).unwrap_err();
        assert!(
            error.contains("Platform") && error.contains("Unknown"),
            "{error}"
        );
        // The overrides can name the variant instead.
        let renamed = super::EnumDef {
            variant_names: vec![("Unknown".to_owned(), "UnknownPlatform".to_owned())],
            ..e
        };
        let text = super::open_enum(&renamed).unwrap();
        assert!(text.contains("UnknownPlatform = \"Unknown\","), "{text}");
        let e = super::EnumDef {
            values: vec!["a-b".to_owned(), "a.b".to_owned()],
            variant_names: Vec::new(),
            ..renamed
        };
        assert!(super::open_enum(&e).is_err());
        // A variant name for a value the enum does not have is a mistake in the overrides.
        let stray = super::EnumDef {
            values: vec!["a".to_owned()],
            variant_names: vec![("b".to_owned(), "B".to_owned())],
            ..e
        };
        assert!(super::open_enum(&stray).unwrap_err().contains("`b`"));
    }
}
