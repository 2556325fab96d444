"""Team projects on a PostgreSQL server: the one room of the code that speaks to it.

Everything here goes through psycopg 3 (the `team` extra); nothing else in the program may
import it (an import-linter contract), so a local single-analyst project never needs it.
"""
