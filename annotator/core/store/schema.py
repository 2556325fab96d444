"""The project schema as an ordered list of migrations; the last one applied is the version."""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

APPLICATION_ID = 0x53454544  # "SEED": lets us tell our project files from other SQLite files

migrations = Migrations("seed_annotator")

_V1 = [
    """CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    )""",
    """CREATE TABLE documents (
        id INTEGER PRIMARY KEY,
        ext_id TEXT NOT NULL UNIQUE,
        title TEXT NOT NULL DEFAULT '',
        lang TEXT NOT NULL,
        text TEXT NOT NULL,
        original TEXT,               -- NULL when the import needed no normalisation
        offset_map TEXT,             -- OffsetMap JSON between original and text, NULL = identity
        normalizer TEXT NOT NULL,
        text_sha256 TEXT NOT NULL,
        original_sha256 TEXT NOT NULL,
        length INTEGER NOT NULL,
        meta TEXT NOT NULL DEFAULT '{}',
        source TEXT,
        created_at TEXT NOT NULL
    )""",
    "CREATE INDEX documents_original_sha256 ON documents(original_sha256)",
    "CREATE INDEX documents_lang ON documents(lang)",
    """CREATE TABLE labels (
        name TEXT PRIMARY KEY,
        color TEXT NOT NULL,
        shortcut TEXT UNIQUE,
        description TEXT NOT NULL DEFAULT '',
        position INTEGER NOT NULL DEFAULT 0
    )""",
    """CREATE TABLE annotators (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        created_at TEXT NOT NULL
    )""",
    """CREATE TABLE spans (
        id INTEGER PRIMARY KEY,
        document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        annotator_id INTEGER NOT NULL REFERENCES annotators(id),
        label TEXT NOT NULL REFERENCES labels(name) ON UPDATE CASCADE,
        char_start INTEGER NOT NULL,
        char_end INTEGER NOT NULL,
        text TEXT NOT NULL,
        attrs TEXT NOT NULL DEFAULT '{}',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        CHECK (char_start >= 0 AND char_end > char_start)
    )""",
    "CREATE INDEX spans_document ON spans(document_id, annotator_id, char_start)",
    # Export and review read one annotator's spans in document and reading order: no sort.
    "CREATE INDEX spans_annotator ON spans(annotator_id, document_id, char_start, char_end)",
    # The document list's label filter: "documents where I used 'claim'".
    "CREATE INDEX spans_label ON spans(annotator_id, label, document_id)",
    """CREATE TABLE relations (
        id INTEGER PRIMARY KEY,
        head_id INTEGER NOT NULL REFERENCES spans(id) ON DELETE CASCADE,
        tail_id INTEGER NOT NULL REFERENCES spans(id) ON DELETE CASCADE,
        type TEXT NOT NULL,
        attrs TEXT NOT NULL DEFAULT '{}'
    )""",
    "CREATE INDEX relations_head ON relations(head_id)",
    "CREATE INDEX relations_tail ON relations(tail_id)",
    """CREATE TABLE document_status (
        document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        annotator_id INTEGER NOT NULL REFERENCES annotators(id),
        status TEXT NOT NULL CHECK (status IN ('new', 'in_progress', 'done', 'reviewed')),
        updated_at TEXT NOT NULL,
        PRIMARY KEY (document_id, annotator_id)
    )""",
    "CREATE INDEX document_status_annotator ON document_status(annotator_id, status)",
    # Contentless: the index holds folded search keys (ي/ی, ك/ک, no harakat or ZWNJ), not
    # a second copy of every article. search_key already strips Arabic diacritics; asking
    # the tokenizer to strip (Latin) ones as well costs a third of the indexing time.
    """CREATE VIRTUAL TABLE documents_fts USING fts5(
        title, body, content='', tokenize='unicode61 remove_diacritics 0'
    )""",
]


@migrations()
def m001_initial(db: Database) -> None:
    for statement in _V1:
        db.execute(statement)


_V2 = [
    # Where each gold span came from: the reviewer's decision and whose spans it took.
    """CREATE TABLE gold_provenance (
        span_id INTEGER PRIMARY KEY REFERENCES spans(id) ON DELETE CASCADE,
        origin TEXT NOT NULL CHECK (origin IN ('accepted', 'edited', 'added')),
        sources TEXT NOT NULL DEFAULT '[]',  -- JSON array of annotator names
        decided_by TEXT NOT NULL,
        decided_at TEXT NOT NULL
    )""",
    # Candidates the reviewer turned down: they show as settled, not as pending.
    """CREATE TABLE review_rejections (
        document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        char_start INTEGER NOT NULL,
        char_end INTEGER NOT NULL,
        label TEXT NOT NULL,
        decided_by TEXT NOT NULL,
        decided_at TEXT NOT NULL,
        PRIMARY KEY (document_id, char_start, char_end, label)
    )""",
    # Per-document disagreement of a set of annotators, so the review queue opens at once;
    # `fingerprint` tells a stale ranking from a current one.
    """CREATE TABLE review_scores (
        annotators TEXT NOT NULL,  -- JSON array of names, sorted
        document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        disagreement REAL,  -- NULL: fewer than two of them did the document
        PRIMARY KEY (annotators, document_id)
    )""",
    """CREATE TABLE review_fingerprints (
        annotators TEXT PRIMARY KEY,
        fingerprint TEXT NOT NULL,
        computed_at TEXT NOT NULL
    )""",
]


@migrations()
def m002_review(db: Database) -> None:
    for statement in _V2:
        db.execute(statement)


_V3 = [
    # The project's registry of canonical actors: پوتین, بوتين and Putin are one person.
    """CREATE TABLE actors (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,  -- the canonical name
        description TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL
    )""",
    """CREATE TABLE actor_aliases (
        actor_id INTEGER NOT NULL REFERENCES actors(id) ON DELETE CASCADE,
        alias TEXT NOT NULL,
        folded TEXT NOT NULL,  -- search_key(alias): ي/ی, ك/ک, harakat and ZWNJ folded
        PRIMARY KEY (actor_id, folded)
    )""",
    "CREATE INDEX actor_aliases_folded ON actor_aliases(folded)",
]


@migrations()
def m003_actors(db: Database) -> None:
    for statement in _V3:
        db.execute(statement)


_V4 = [
    # What an annotator did with a suggestion: a rejected one does not come back, and the
    # acceptance rate per source is counted from here.
    """CREATE TABLE suggestion_decisions (
        document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        annotator TEXT NOT NULL,
        char_start INTEGER NOT NULL,
        char_end INTEGER NOT NULL,
        label TEXT NOT NULL,
        source TEXT NOT NULL,  -- repeat | registry | date
        decision TEXT NOT NULL CHECK (decision IN ('accepted', 'rejected')),
        decided_at TEXT NOT NULL,
        PRIMARY KEY (document_id, annotator, char_start, char_end, label)
    )""",
]


@migrations()
def m004_suggestions(db: Database) -> None:
    for statement in _V4:
        db.execute(statement)


_V5 = [
    # A team working copy: the server it syncs with (never a password), whose copy it is
    # and where its last pull stopped. Empty in a local project.
    "CREATE TABLE team_link (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    # The layers this copy writes (the analyst's own; gold too for a lead): only their
    # changes go to the outbox (TEAM_TRIGGERS). Empty in a local project.
    "CREATE TABLE team_layers (annotator_id INTEGER PRIMARY KEY REFERENCES annotators(id))",
    # The global id of each local row that has one (given as it is first pushed, or as it
    # arrives from the server); `owned`: a row of one of this copy's layers.
    """CREATE TABLE team_ids (
        kind TEXT NOT NULL CHECK (kind IN ('document', 'span', 'relation')),
        local_id INTEGER NOT NULL,
        uid TEXT NOT NULL UNIQUE,
        owned INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (kind, local_id)
    )""",
    # Edits committed here and not yet on the server, in order. An edit's version on the
    # server is `seq` plus team_link's version base, which grows by what each push clears,
    # so that versions never go back when SQLite reuses the numbers of an emptied outbox.
    """CREATE TABLE team_outbox (
        seq INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,  -- span | relation | status | decision
        local_id INTEGER,  -- the changed row (span, relation)
        uid TEXT,  -- a removed row's global id (its local row is gone)
        document_id INTEGER,
        annotator TEXT,
        char_start INTEGER,
        char_end INTEGER,
        label TEXT
    )""",
]

# Made when a project becomes a team working copy (`team join`), never in a local project,
# whose imports and edits then pay nothing for them. The schema check knows them: they may be
# absent, and if present must be exactly these.
TEAM_TRIGGERS = [
    """CREATE TRIGGER team_span_added AFTER INSERT ON spans
        WHEN NEW.annotator_id IN (SELECT annotator_id FROM team_layers)
        BEGIN INSERT INTO team_outbox(kind, local_id) VALUES ('span', NEW.id); END""",
    """CREATE TRIGGER team_span_changed AFTER UPDATE ON spans
        WHEN NEW.annotator_id IN (SELECT annotator_id FROM team_layers)
        BEGIN INSERT INTO team_outbox(kind, local_id) VALUES ('span', NEW.id); END""",
    # A removed span leaves its global id behind (if it had one) and frees its local id:
    # SQLite gives a freed id to the next row, which must not inherit the global one.
    """CREATE TRIGGER team_span_removed AFTER DELETE ON spans BEGIN
        INSERT INTO team_outbox(kind, uid, document_id) SELECT 'span', uid, OLD.document_id
            FROM team_ids WHERE kind = 'span' AND local_id = OLD.id AND owned = 1;
        DELETE FROM team_ids WHERE kind = 'span' AND local_id = OLD.id;
    END""",
    """CREATE TRIGGER team_relation_added AFTER INSERT ON relations
        WHEN EXISTS (SELECT 1 FROM spans s JOIN team_layers t
                     ON t.annotator_id = s.annotator_id WHERE s.id = NEW.head_id)
        BEGIN INSERT INTO team_outbox(kind, local_id) VALUES ('relation', NEW.id); END""",
    """CREATE TRIGGER team_relation_changed AFTER UPDATE ON relations
        WHEN EXISTS (SELECT 1 FROM spans s JOIN team_layers t
                     ON t.annotator_id = s.annotator_id WHERE s.id = NEW.head_id)
        BEGIN INSERT INTO team_outbox(kind, local_id) VALUES ('relation', NEW.id); END""",
    """CREATE TRIGGER team_relation_removed AFTER DELETE ON relations BEGIN
        INSERT INTO team_outbox(kind, uid) SELECT 'relation', uid
            FROM team_ids WHERE kind = 'relation' AND local_id = OLD.id AND owned = 1;
        DELETE FROM team_ids WHERE kind = 'relation' AND local_id = OLD.id;
    END""",
    """CREATE TRIGGER team_status_added AFTER INSERT ON document_status
        WHEN NEW.annotator_id IN (SELECT annotator_id FROM team_layers)
        BEGIN INSERT INTO team_outbox(kind, document_id, annotator)
            SELECT 'status', NEW.document_id, name FROM annotators WHERE id = NEW.annotator_id;
        END""",
    """CREATE TRIGGER team_status_changed AFTER UPDATE ON document_status
        WHEN NEW.annotator_id IN (SELECT annotator_id FROM team_layers)
        BEGIN INSERT INTO team_outbox(kind, document_id, annotator)
            SELECT 'status', NEW.document_id, name FROM annotators WHERE id = NEW.annotator_id;
        END""",
    """CREATE TRIGGER team_decision_added AFTER INSERT ON suggestion_decisions
        WHEN NEW.annotator IN (SELECT a.name FROM annotators a JOIN team_layers t
                               ON t.annotator_id = a.id)
        BEGIN INSERT INTO team_outbox(kind, document_id, annotator, char_start, char_end, label)
            VALUES ('decision', NEW.document_id, NEW.annotator, NEW.char_start, NEW.char_end,
                    NEW.label);
        END""",
    """CREATE TRIGGER team_decision_removed AFTER DELETE ON suggestion_decisions
        WHEN OLD.annotator IN (SELECT a.name FROM annotators a JOIN team_layers t
                               ON t.annotator_id = a.id)
        BEGIN INSERT INTO team_outbox(kind, document_id, annotator, char_start, char_end, label)
            VALUES ('decision', OLD.document_id, OLD.annotator, OLD.char_start, OLD.char_end,
                    OLD.label);
        END""",
]
# Gold's provenance travels with its span (a change of it sends the span again), and a
# reviewer's rejections as rows of their own; both only where this copy writes gold.
TEAM_TRIGGERS += [
    """CREATE TRIGGER team_provenance_added AFTER INSERT ON gold_provenance
        WHEN EXISTS (SELECT 1 FROM spans s JOIN team_layers t
                     ON t.annotator_id = s.annotator_id WHERE s.id = NEW.span_id)
        BEGIN INSERT INTO team_outbox(kind, local_id) VALUES ('span', NEW.span_id); END""",
    """CREATE TRIGGER team_provenance_changed AFTER UPDATE ON gold_provenance
        WHEN EXISTS (SELECT 1 FROM spans s JOIN team_layers t
                     ON t.annotator_id = s.annotator_id WHERE s.id = NEW.span_id)
        BEGIN INSERT INTO team_outbox(kind, local_id) VALUES ('span', NEW.span_id); END""",
    """CREATE TRIGGER team_rejection_added AFTER INSERT ON review_rejections
        WHEN EXISTS (SELECT 1 FROM team_layers t JOIN annotators a ON a.id = t.annotator_id
                     WHERE a.name = 'gold')
        BEGIN INSERT INTO team_outbox(kind, document_id, annotator, char_start, char_end, label)
            VALUES ('rejection', NEW.document_id, 'gold', NEW.char_start, NEW.char_end,
                    NEW.label);
        END""",
    """CREATE TRIGGER team_rejection_removed AFTER DELETE ON review_rejections
        WHEN EXISTS (SELECT 1 FROM team_layers t JOIN annotators a ON a.id = t.annotator_id
                     WHERE a.name = 'gold')
        BEGIN INSERT INTO team_outbox(kind, document_id, annotator, char_start, char_end, label)
            VALUES ('rejection', OLD.document_id, 'gold', OLD.char_start, OLD.char_end,
                    OLD.label);
        END""",
]
TEAM_MIGRATION = "m005_team"
TEAM_TRIGGER_NAMES = frozenset(sql.split()[2] for sql in TEAM_TRIGGERS)


@migrations()
def m005_team(db: Database) -> None:
    for statement in _V5:
        db.execute(statement)


_V7 = [
    # Spans an outside model predicted (a Label Studio task's `predictions`, a JSONL of
    # scored spans): not anyone's annotations, but suggestions waiting for a decision. An
    # import replaces one model's predictions on a document; `version` is what the file
    # said (NULL when it said nothing), `score` NULL when the model gave none.
    """CREATE TABLE predictions (
        id INTEGER PRIMARY KEY,
        document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        model TEXT NOT NULL CHECK (length(model) BETWEEN 1 AND 200),
        version TEXT CHECK (version IS NULL OR length(version) BETWEEN 1 AND 200),
        char_start INTEGER NOT NULL,
        char_end INTEGER NOT NULL,
        label TEXT NOT NULL,
        score REAL,
        attrs TEXT NOT NULL DEFAULT '{}',
        imported_at TEXT NOT NULL,
        CHECK (char_start >= 0 AND char_end > char_start)
    )""",
    # One row per model, place and label (a second prediction of it keeps the higher
    # score); its prefix is the per-document read of the suggestion layer.
    """CREATE UNIQUE INDEX predictions_document
        ON predictions(document_id, model, char_start, char_end, label)""",
]

_V8 = [
    # Outbox entries a push could not send because the document was no longer assigned to
    # this analyst: kept, and put back in the outbox when the document is assigned again
    # (a push that dropped them lost that work from the server for good).
    """CREATE TABLE team_held (
        seq INTEGER PRIMARY KEY,  -- the order they were made in
        kind TEXT NOT NULL,
        local_id INTEGER,
        uid TEXT,
        document_id INTEGER NOT NULL,
        annotator TEXT,
        char_start INTEGER,
        char_end INTEGER,
        label TEXT
    )""",
    "CREATE INDEX team_held_document ON team_held(document_id)",
    # Documents of this copy the server no longer assigns to its analyst: kept here with
    # the work on them, and marked, rather than vanishing from under the analyst.
    "CREATE TABLE team_unassigned (document_id INTEGER PRIMARY KEY "
    "REFERENCES documents(id) ON DELETE CASCADE)",
]


@migrations()
def m007_predictions(db: Database) -> None:
    for statement in _V7:
        db.execute(statement)


@migrations()
def m008_team_held(db: Database) -> None:
    for statement in _V8:
        db.execute(statement)


# The first release imported a model's predictions (Label Studio's `predictions`) as an
# annotator named `prediction:<model>`: they counted as someone's work in agreement and
# review, and importing the file again now added them a second time as suggestions. They
# become what they were, the model's rows in `predictions` (no score: that release kept
# none per span), and the layer goes. Nothing moves in a team working copy: its layers are
# people's, its own or pulled (a server takes `prediction:bot` as a name), and a pull that
# moved past them would never bring them back. Label Studio's model
# without a `model_version` was "model"; it is now "label-studio"
# (formats.labelstudio.UNNAMED_MODEL), so that a re-import replaces it.
_PREDICTION_LAYERS = """
    SELECT id, CASE name WHEN 'prediction:model' THEN 'label-studio'
                         ELSE trim(substr(name, 12)) END AS model
    FROM annotators
    WHERE substr(name, 1, 11) = 'prediction:'
      AND length(trim(substr(name, 12))) BETWEEN 1 AND 200
      AND id NOT IN (SELECT annotator_id FROM team_layers)
      AND id NOT IN (SELECT s.annotator_id FROM team_ids t JOIN spans s
                     ON t.kind = 'span' AND s.id = t.local_id)
      AND NOT EXISTS (SELECT 1 FROM team_link)
"""
_V9 = [
    f"CREATE TEMP TABLE prediction_layers AS {_PREDICTION_LAYERS}",
    """INSERT INTO predictions(document_id, model, version, char_start, char_end, label,
                               score, attrs, imported_at)
        SELECT s.document_id, p.model, NULL, s.char_start, s.char_end, s.label, NULL,
               s.attrs, s.created_at
        FROM spans s JOIN temp.prediction_layers p ON p.id = s.annotator_id
        WHERE true
        ON CONFLICT(document_id, model, char_start, char_end, label) DO NOTHING""",
    """DELETE FROM relations WHERE head_id IN (
        SELECT s.id FROM spans s JOIN temp.prediction_layers p ON p.id = s.annotator_id)
        OR tail_id IN (
        SELECT s.id FROM spans s JOIN temp.prediction_layers p ON p.id = s.annotator_id)""",
    "DELETE FROM spans WHERE annotator_id IN (SELECT id FROM temp.prediction_layers)",
    "DELETE FROM document_status WHERE annotator_id IN (SELECT id FROM temp.prediction_layers)",
    "DELETE FROM annotators WHERE id IN (SELECT id FROM temp.prediction_layers)",
    "DROP TABLE temp.prediction_layers",
]


@migrations()
def m009_prediction_layers(db: Database) -> None:
    for statement in _V9:
        db.execute(statement)


SCHEMA_VERSION = len(migrations._migrations)
KNOWN_MIGRATIONS = frozenset(m.name for m in migrations._migrations)
