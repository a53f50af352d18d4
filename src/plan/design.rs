//! The StarRocks design of one source table, or of a merged shard group (SPEC §6), in named
//! steps: the key model, the columns (types, conversions, defaults, names), the shard columns,
//! the key size check, distribution, partitioning and properties.

use compact_str::CompactString;

use super::{KeyModel, Metadata, PRIMARY_KEY_LIMIT, PartitionPlan, Source, Target, TargetColumn, buckets};
use crate::config::{Config, Rule, Version};
use crate::diag::{Kind, Object, Warning};
use crate::error::Error;
use crate::model::{Column, SourceKind};
use crate::naming;
use crate::source_type::SourceType;
use crate::types::flink::{self as flink_types, Convert, FlinkType};
use crate::types::starrocks::{self as sr_types, Mapped, StarRocksType};

pub(super) fn design(
    config: &Config,
    rule: &Rule,
    src: &Source,
    sr_db: String,
    sr_table: String,
) -> Result<Target, Error> {
    let mut d = Designer {
        config,
        rule,
        src,
        types: src.table.columns.iter().map(|c| SourceType::of_kind(c, src.kind)).collect(),
        warnings: Vec::new(),
    };
    d.check_overrides()?;
    let (model, key) = d.key_model()?;
    let source_names: Vec<&str> = src.table.columns.iter().map(|c| c.name.as_str()).collect();
    // MySQL column names ignore case already; PostgreSQL's may differ in case only.
    let sr_names = match src.kind {
        SourceKind::Mysql => naming::unique(&source_names, naming::column_name, naming::lower),
        SourceKind::Pgsql => naming::unique_folding(&source_names, naming::column_name, naming::lower),
    };
    let mut columns = d.columns(model, &key, &sr_names)?;
    let metadata_bytes = d.shard_columns(model, &mut columns)?;
    d.check_key_size(model, &columns, metadata_bytes)?;
    let distributed_by = d.distribution(model, &key, &columns, &sr_names)?;
    let partition = d.partition(model, &columns)?;
    let other = &config.other;
    let debezium = d.debezium_options();
    Ok(Target {
        kind: src.kind,
        catalog: None,
        slot: None,
        setup: Vec::new(),
        debezium,
        sources: Vec::new(),
        db: sr_db,
        table: sr_table,
        comment: src.table.comment.clone(),
        model,
        source_has_pk: !src.table.primary_key.is_empty(),
        columns,
        distributed_by,
        buckets: match rule.bucket_num {
            Some(n) => Some(n),
            None => buckets(other.buckets, other.be_num, src.table.data_bytes.unwrap_or(0)),
        },
        properties: d.properties(),
        partition,
        cdc_database: String::new(),
        cdc_table: String::new(),
        server_id: None,
        warnings: d.warnings,
        warnings_at: 0..0,
    })
}

/// What every step of one design reads, and the warnings they add.
struct Designer<'a> {
    config: &'a Config,
    rule: &'a Rule,
    src: &'a Source<'a>,
    /// The source columns' types, parsed once.
    types: Vec<SourceType>,
    warnings: Vec<Warning>,
}

impl Designer<'_> {
    fn label(&self) -> &str {
        &self.src.label
    }

    /// `` `db`.`table`.`column` `` as messages name a column.
    fn at(&self, column: &str) -> String {
        format!("{}.`{column}`", self.src.label)
    }

    fn on_table(&self) -> Object {
        Object::table(self.src.db, self.src.name)
    }

    fn on_column(&self, column: &str) -> Object {
        Object::column(self.src.db, self.src.name, column)
    }

    fn warn(&mut self, kind: Kind, object: Object, message: String) {
        self.warnings.push(Warning::new(kind, object, message));
    }

    /// A mapping that can lose or reject values: a warning, or with `strict = true` a refusal.
    fn lossy(&mut self, kind: Kind, object: Object, message: String) -> Result<(), Error> {
        if self.config.other.strict {
            return Err(Error::Refused(format!("{message} (strict = true refuses lossy mappings)")));
        }
        self.warn(kind, object, message);
        Ok(())
    }

    fn ctx(&self, primary_key: bool, binary_as_text: bool) -> sr_types::Ctx {
        let other = &self.config.other;
        sr_types::Ctx {
            primary_key,
            version: other.starrocks_version,
            decimal_v3: other.use_decimal_v3,
            tinyint1_as_boolean: other.tinyint1_as_boolean,
            binary_as_text,
        }
    }

    fn column(&self, i: usize) -> &Column {
        &self.src.table.columns[i]
    }

    fn index_of(&self, name: &str) -> Option<usize> {
        self.src.table.columns.iter().position(|c| c.name == name)
    }

    /// The StarRocks type of column `i`: the `type.*` override of its DATA_TYPE, else the §7
    /// rule; `pk` makes it a type StarRocks allows in a primary key, `decoded` is a binary column
    /// holding text that the INSERT decodes (`binary_as_text`).
    fn value_type(&self, i: usize, pk: bool, decoded: bool) -> Mapped {
        let data_type = &self.column(i).data_type;
        let over = self.rule.type_overrides.iter().find(|(dt, _)| dt.eq_ignore_ascii_case(data_type));
        let Some((_, ty)) = over else { return sr_types::map(&self.types[i], &self.ctx(pk, decoded)) };
        let narrower = sr_types::override_loss(&sr_types::map(&self.types[i], &self.ctx(false, decoded)).ty, ty);
        let mut lossy = narrower.clone().map(|why| (Kind::TypeOverride, why));
        // An override changes the column's type, never how the value travels: base64 stays.
        if self.types[i].is_binary() && !decoded {
            let base64 = format!(
                "the column still receives base64 text (binary columns travel as base64); set `binary_as_text` in {} if it holds text",
                self.rule.section()
            );
            let why = match narrower {
                Some(narrower) => format!("{base64}; {narrower}"),
                None => base64,
            };
            lossy = Some((Kind::BinaryBase64, why));
        }
        let m = Mapped { ty: ty.clone(), lossy, note: None };
        if pk { sr_types::key_safe(m, &self.types[i], &self.ctx(true, false)) } else { m }
    }

    fn sortable(&self, i: usize) -> bool {
        !self.types[i].is_left_out() && self.value_type(i, false, false).ty.allowed_in_sort_key()
    }

    /// `debezium.*` options the source needs so that values arrive as the columns declare them.
    fn debezium_options(&self) -> Vec<(&'static str, &'static str)> {
        let any = |f: fn(&SourceType) -> bool| self.types.iter().any(f);
        let mut options = Vec::new();
        if any(SourceType::travels_as_base64) {
            options.push(("debezium.binary.handling.mode", "base64"));
        }
        if self.src.kind == SourceKind::Pgsql {
            // A numeric past 38 digits arrives as NULL in precise mode; as text it is exact.
            if any(|t| matches!(t, SourceType::Decimal { precision, .. } if *precision > 38)) {
                options.push(("debezium.decimal.handling.mode", "string"));
            }
            // Microseconds otherwise; the ISO-8601 text is what the VARCHAR column holds.
            if any(|t| matches!(t, SourceType::Interval)) {
                options.push(("debezium.interval.handling.mode", "string"));
            }
        }
        options
    }

    /// Every `type.*` override names a type the target StarRocks has.
    fn check_overrides(&self) -> Result<(), Error> {
        for (dt, ty) in &self.rule.type_overrides {
            if let Some(why) = sr_types::unsupported(ty, &self.ctx(false, false)) {
                return Err(Error::Config(format!("{} `type.{dt}` = {ty}: {why}", self.rule.section())));
            }
        }
        Ok(())
    }

    /// The positions of the columns a per-rule `key` names, each once.
    fn named(&self, key: &str, names: &[String]) -> Result<Vec<usize>, Error> {
        let mut out: Vec<usize> = Vec::new();
        for n in names {
            let i = self.index_of(n).ok_or_else(|| {
                Error::Config(format!("{} `{key}`: {} has no column `{n}`", self.rule.section(), self.label()))
            })?;
            if out.contains(&i) {
                return Err(Error::Config(format!("{} `{key}` names `{n}` twice", self.rule.section())));
            }
            out.push(i);
        }
        Ok(out)
    }

    /// The primary key, else the first all-NOT-NULL unique key, else DUPLICATE KEY on
    /// `duplicate_keys` or the first column StarRocks can sort by.
    fn key_model(&mut self) -> Result<(KeyModel, Vec<usize>), Error> {
        let (rule, table) = (self.rule, self.src.table);
        let label = self.label().to_string();
        let usable = Some(&table.primary_key).filter(|pk| !pk.is_empty()).or(table.promotable_key());
        if let Some(pk) = usable {
            if !rule.duplicate_keys.is_empty() {
                let message = format!(
                    "{label}: {} `duplicate_keys` is ignored, the table has a usable key ({})",
                    rule.section(),
                    pk.join(", ")
                );
                self.warn(Kind::DuplicateKeysIgnored, self.on_table(), message);
            }
            return Ok((KeyModel::Primary, pk.iter().filter_map(|k| self.index_of(k)).collect()));
        }
        let (key, on) = if rule.duplicate_keys.is_empty() {
            let Some(first) = (0..self.types.len()).find(|i| self.sortable(*i)) else {
                return Err(Error::Refused(format!(
                    "{label} has no primary key and no column StarRocks can sort by (all are FLOAT, DOUBLE, JSON or SET); set `duplicate_keys` or `type.*` in {}",
                    rule.section()
                )));
            };
            (vec![first], format!(" on `{}`", table.columns[first].name))
        } else {
            let key = self.named("duplicate_keys", &rule.duplicate_keys)?;
            if let Some(i) = key.iter().find(|i| !self.sortable(**i)) {
                return Err(Error::Config(format!(
                    "{} `duplicate_keys`: {} is {}, which StarRocks cannot sort by",
                    rule.section(),
                    self.at(&table.columns[*i].name),
                    self.value_type(*i, false, false).ty
                )));
            }
            (key, String::new())
        };
        let message = format!(
            "{label} has no primary or NOT NULL unique key: it becomes a DUPLICATE KEY table{on}, where source updates and deletes cannot be applied"
        );
        self.warn(Kind::NoPrimaryKey, self.on_table(), message);
        Ok((KeyModel::Duplicate, key))
    }

    /// Key columns first, in key order, then the others in source order.
    fn columns(
        &mut self,
        model: KeyModel,
        key: &[usize],
        sr_names: &[std::borrow::Cow<str>],
    ) -> Result<Vec<TargetColumn>, Error> {
        let n = self.types.len();
        let order: Vec<usize> = key.iter().copied().chain((0..n).filter(|i| !key.contains(i))).collect();
        // Exactly sized: an estate holds hundreds of thousands of target columns until rendering.
        let metadata = if self.rule.shard_columns && self.src.shard.is_some() { 2 } else { 0 };
        let mut columns = Vec::with_capacity(order.len() + metadata);
        for i in order {
            let is_key = key.contains(&i);
            if self.types[i].is_left_out() {
                self.leave_out(i, is_key)?;
                continue;
            }
            columns.push(self.target_column(i, is_key, is_key && model == KeyModel::Primary, &sr_names[i])?);
        }
        Ok(columns)
    }

    /// A column of a type the CDC connector cannot deliver: left out of StarRocks, the source,
    /// the sink and the INSERT, with a warning; a key cannot do without it.
    fn leave_out(&mut self, i: usize, is_key: bool) -> Result<(), Error> {
        let col = &self.src.table.columns[i];
        if is_key {
            return Err(Error::Refused(format!(
                "{}: key column of type {}, which postgres-cdc cannot deliver; exclude the table or change its key",
                self.at(&col.name),
                col.column_type
            )));
        }
        let message = format!(
            "{}: {} is left out of StarRocks and Flink: postgres-cdc delivers NULL or fails on this type",
            self.at(&col.name),
            col.column_type
        );
        self.warn(Kind::ColumnLeftOut, self.on_column(&col.name), message);
        Ok(())
    }

    /// One source column's StarRocks type, Flink types, INSERT conversion, default and name.
    fn target_column(&mut self, i: usize, is_key: bool, pk: bool, sr_name: &str) -> Result<TargetColumn, Error> {
        // Borrowed from the source, not from `self`, so that warnings can be added meanwhile.
        let col: &Column = &self.src.table.columns[i];
        let src_type = self.types[i].clone();
        let here = self.at(&col.name);
        let object = self.on_column(&col.name);
        // A function on a key column changes the upsert key (SPEC §8): a key stays base64.
        let as_text = src_type.is_binary() && self.rule.binary_as_text(&self.src.table.name, &col.name);
        let decoded = as_text && !is_key;
        if as_text && is_key {
            let message = format!(
                "{here}: matches `binary_as_text` but is a key column, so it stays base64 text (decoding a key column in the INSERT changes Flink's upsert key)"
            );
            self.warn(Kind::BinaryKeyBase64, object.clone(), message);
        }
        if let (true, SourceType::Binary { bytes, fixed: true }) = (decoded, &src_type) {
            let message = format!(
                "{here}: {}: MySQL pads BINARY values shorter than {bytes} bytes with 0x00, so the decoded text of a shorter value ends in NUL characters",
                col.column_type
            );
            self.warn(Kind::BinaryPadded, object.clone(), message);
        }
        if col.generation_expression.is_some() && self.src.kind == SourceKind::Pgsql {
            let message = format!(
                "{here}: a generated column; logical replication before PostgreSQL 18 does not publish it, so changes arrive as NULL"
            );
            self.warn(Kind::GeneratedColumn, object.clone(), message);
        }
        let mapped = self.value_type(i, pk, decoded);
        let flink_source = flink_types::source_type(&src_type, self.config.other.tinyint1_as_boolean, self.src.kind);
        let (flink_sink, convert) = flink_types::sink(&flink_source, &mapped.ty, is_key, decoded);
        if let Some((kind, why)) = &mapped.lossy {
            self.lossy(*kind, object.clone(), format!("{here}: {} → {}: {why}", col.column_type, mapped.ty))?;
        }
        if let Some(why) = flink_types::lossy(&src_type) {
            self.lossy(
                Kind::TimeOfDay,
                object.clone(),
                format!("{here}: {} → {flink_source}: {why}", col.column_type),
            )?;
        }
        if let Some(note) = &mapped.note {
            self.warn(Kind::KeyTypeChanged, object.clone(), format!("{here}: {note}"));
        }
        if is_key && matches!(flink_sink, FlinkType::Time(_)) {
            let message = format!(
                "{here}: the StarRocks Flink connector cannot write TIME and a key column cannot be cast; the job will fail on this column"
            );
            self.lossy(Kind::TimeKey, object.clone(), message)?;
        }
        let default = match sr_types::default_for(col, &src_type, &mapped.ty, &self.ctx(pk, decoded)) {
            Ok(d) => d,
            Err(why) => {
                self.warn(Kind::DefaultDropped, object.clone(), format!("{here}: {why}"));
                None
            }
        };
        if sr_name != col.name {
            let why = if naming::column_name(&col.name) == col.name {
                "another column's name differs from it only in letter case, and StarRocks column names ignore case"
            } else {
                "the name is reserved or has characters StarRocks refuses"
            };
            self.warn(Kind::Renamed, object, format!("{here}: renamed to `{sr_name}` in StarRocks ({why})"));
        }
        let sr_type = mapped.ty;
        Ok(TargetColumn {
            source_name: col.name.clone(),
            name: CompactString::from(sr_name),
            ordinal: i as u32,
            key: is_key,
            binary: src_type.travels_as_base64(),
            nullable: col.nullable && !pk,
            source_nullable: col.nullable,
            default,
            comment: col.comment.clone(),
            flink_source,
            flink_sink,
            convert,
            metadata: None,
            cdc3: match self.config.other.cdc_pipeline {
                Some(release) => crate::types::cdc3::carry(&src_type, &sr_type, decoded, release),
                None => crate::types::cdc3::Carry::AsIs,
            },
            sr_type,
        })
    }

    /// `shard_columns`: which shard a row came from joins the key, so shards never overwrite
    /// each other. Returns the bytes the added key columns can take.
    fn shard_columns(&mut self, model: KeyModel, columns: &mut Vec<TargetColumn>) -> Result<u64, Error> {
        let Some((db_len, table_len)) = self.src.shard.filter(|_| self.rule.shard_columns) else { return Ok(0) };
        if model != KeyModel::Primary {
            let message =
                format!("{}: `shard_columns` needs a primary key to extend; the columns are not added", self.label());
            self.warn(Kind::ShardColumnsIgnored, self.on_table(), message);
            return Ok(0);
        }
        let at_key_end = columns.iter().filter(|c| c.key).count();
        let added = [("_db", Metadata::Namespace, db_len), ("_table", Metadata::Table, table_len)];
        for (offset, (name, meta, _)) in added.into_iter().enumerate() {
            if columns.iter().any(|c| c.name.eq_ignore_ascii_case(name)) {
                return Err(Error::Refused(format!(
                    "{} already has a column `{name}`; `shard_columns = true` in {} cannot add it",
                    self.label(),
                    self.rule.section()
                )));
            }
            columns.insert(
                at_key_end + offset,
                TargetColumn {
                    source_name: name.into(),
                    name: name.into(),
                    ordinal: u32::MAX - 1 + offset as u32,
                    key: true,
                    binary: false,
                    // MySQL names are at most 64 characters: 256 bytes in utf8mb4.
                    sr_type: StarRocksType::VarChar(256),
                    nullable: false,
                    source_nullable: false,
                    default: None,
                    comment: match (offset, self.src.kind) {
                        (0, SourceKind::Pgsql) => "source schema",
                        (0, SourceKind::Mysql) => "source database",
                        _ => "source table",
                    }
                    .into(),
                    flink_source: FlinkType::String,
                    flink_sink: FlinkType::String,
                    convert: Convert::None,
                    metadata: Some(meta),
                    cdc3: crate::types::cdc3::Carry::AsIs,
                },
            );
        }
        Ok(db_len + table_len)
    }

    /// StarRocks refuses, when rows load, a primary key longer than 128 bytes.
    fn check_key_size(&mut self, model: KeyModel, columns: &[TargetColumn], metadata_bytes: u64) -> Result<(), Error> {
        if model != KeyModel::Primary {
            return Ok(());
        }
        let declared: u64 =
            columns.iter().filter(|c| c.key && c.metadata.is_none()).filter_map(|c| c.sr_type.max_key_bytes()).sum();
        let key_bytes = metadata_bytes + declared;
        if key_bytes > PRIMARY_KEY_LIMIT {
            let message = format!(
                "{}: the primary key can take {key_bytes} bytes; StarRocks refuses to load rows whose key exceeds {PRIMARY_KEY_LIMIT} bytes (BE `primary_key_limit_size`)",
                self.label()
            );
            self.lossy(Kind::KeyTooLong, self.on_table(), message)?;
        }
        Ok(())
    }

    /// `DISTRIBUTED BY HASH(...)`: the key (duplicate tables: its first column), or `distributed_by`.
    fn distribution(
        &self,
        model: KeyModel,
        key: &[usize],
        columns: &[TargetColumn],
        sr_names: &[std::borrow::Cow<str>],
    ) -> Result<Vec<String>, Error> {
        let rule = self.rule;
        if rule.distributed_by.is_empty() {
            return Ok(match model {
                KeyModel::Primary => columns.iter().filter(|c| c.key).map(|c| c.name.to_string()).collect(),
                KeyModel::Duplicate => vec![columns[0].name.to_string()],
            });
        }
        let cols = self.named("distributed_by", &rule.distributed_by)?;
        if let Some(i) = cols.iter().find(|i| !self.sortable(**i)) {
            return Err(Error::Config(format!(
                "{} `distributed_by`: {} is {}, which StarRocks cannot hash-distribute by",
                rule.section(),
                self.at(&self.column(*i).name),
                self.value_type(*i, false, false).ty
            )));
        }
        if let (KeyModel::Primary, Some(i)) = (model, cols.iter().find(|i| !key.contains(i))) {
            return Err(Error::Config(format!(
                "{} `distributed_by`: {} is not a primary-key column; StarRocks buckets a primary-key table by key columns only",
                rule.section(),
                self.at(&self.column(*i).name)
            )));
        }
        Ok(cols.into_iter().map(|i| sr_names[i].to_string()).collect())
    }

    /// `partition_key` / `partitions`: RANGE partitions, or expression partitioning by day.
    fn partition(&mut self, model: KeyModel, columns: &[TargetColumn]) -> Result<Option<PartitionPlan>, Error> {
        let Some(p) = &self.rule.partition else { return Ok(None) };
        let (rule, version) = (self.rule, self.config.other.starrocks_version);
        let i = self.named("partition_key", std::slice::from_ref(&p.column))?[0];
        let c = columns.iter().find(|c| c.ordinal as usize == i).ok_or_else(|| {
            Error::Internal(format!("{}: partition column `{}` has no target column", self.label(), p.column))
        })?;
        if !matches!(c.sr_type, StarRocksType::Date | StarRocksType::DateTime) {
            return Err(Error::Config(format!(
                "{} `partition_key`: {} is {}, not DATE or DATETIME",
                rule.section(),
                self.at(&p.column),
                c.sr_type
            )));
        }
        if model == KeyModel::Primary && !c.key {
            return Err(Error::Config(format!(
                "{} `partition_key`: {} is not a primary-key column; StarRocks partitions a primary-key table by key columns only",
                rule.section(),
                self.at(&p.column)
            )));
        }
        Ok(Some(match &p.range {
            Some(body) => {
                let message = format!(
                    "{}: StarRocks rejects rows whose `{}` falls outside the `partitions` range; make sure it covers every source row",
                    self.label(),
                    p.column
                );
                self.warn(Kind::PartitionRange, self.on_table(), message);
                PartitionPlan::Range { column: c.name.to_string(), body: body.clone() }
            }
            None if version < Version(3, 1, 0) => {
                return Err(Error::Config(format!(
                    "{} `partition_key` without `partitions` needs expression partitioning, StarRocks 3.1 or later (starrocks_version is {version})",
                    rule.section()
                )));
            }
            None => PartitionPlan::Day { column: c.name.to_string() },
        }))
    }

    /// `replication_num` (unless the rule sets it), then the rule's `properties.*` in order.
    fn properties(&self) -> Vec<(String, String)> {
        let rule = self.rule;
        let mut properties = Vec::new();
        if !rule.properties.iter().any(|(k, _)| k == "replication_num") {
            properties.push(("replication_num".to_string(), self.config.other.replication_num.to_string()));
        }
        properties.extend(rule.properties.iter().cloned());
        properties
    }
}
