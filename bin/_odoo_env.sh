# Shared by bin/test and bin/demo: find Odoo 18 (or set it up from ODOO_SRC), make sure
# PostgreSQL answers on 127.0.0.1, and list the repository's addons.
PY=${PYTHON:-python3}
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

odoo_available() {
    "$PY" -c "import odoo.release as r; assert r.version_info[0] == 18" >/dev/null 2>&1
}

repo_addons() {
    # Every top-level folder of the repository that is an Odoo addon, one per line.
    local manifest
    for manifest in "$REPO"/*/__manifest__.py; do
        [ -f "$manifest" ] && basename "$(dirname "$manifest")"
    done
}

odoo_addons_path() {
    # Odoo's own addons (inside the package and, in a source checkout, beside it) plus the
    # folder holding this repository's addons ($1, the repository itself by default).
    "$PY" - "${1:-$REPO}" <<'PYEOF'
import os, sys, odoo
root = os.path.dirname(odoo.__file__)
paths = [os.path.join(root, "addons"), os.path.join(os.path.dirname(root), "addons")]
paths = [p for p in paths if os.path.isdir(os.path.join(p, "web"))] + [sys.argv[1]]
print(",".join(dict.fromkeys(paths)))
PYEOF
}

odoo_from_source() {
    # Given ODOO_SRC (an Odoo 18.0 source tree) and a $PY that cannot import Odoo yet:
    # install Odoo's requirements with pins that build on this Python, the addon's own
    # requirements, a .pth file naming the tree, and PostgreSQL with the user's role.
    [ -n "${ODOO_SRC:-}" ] || return 0
    odoo_available && return 0
    local src pth_dir req note
    src=$(cd "$ODOO_SRC" 2>/dev/null && pwd) || {
        echo "ERROR: ODOO_SRC=$ODOO_SRC is not a folder." >&2
        return 1
    }
    if ! grep -Eq "^version_info = \(18, 0" "$src/odoo/release.py" 2>/dev/null; then
        echo "ERROR: ODOO_SRC=$src holds no Odoo 18.0 source tree (odoo/release.py)." >&2
        return 1
    fi
    echo "ODOO_SRC: setting up Odoo 18 from $src for $PY (installs its requirements)..."
    req=$(mktemp)
    # Odoo's pins as they build here: cbor2 5.6.2 (5.4.2 does not build on Python 3.11+),
    # no python-ldap (needs the LDAP headers), psycopg2-binary without pg_config.
    "$PY" - "$src/requirements.txt" "$(command -v pg_config || true)" >"$req" <<'PYEOF' || return 1
import re, sys
source, pg_config = sys.argv[1], sys.argv[2]
print("cbor2==5.6.2")
for line in open(source, encoding="utf-8"):
    name = re.match(r"\s*([A-Za-z0-9_.-]+)", line)
    if not name or line.lstrip().startswith("#"):
        continue
    name = name.group(1).lower()
    if name in ("cbor2", "python-ldap"):
        continue
    if name == "psycopg2" and not pg_config:
        line = line.replace("psycopg2", "psycopg2-binary", 1)
    print(line.split("#", 1)[0].strip())
PYEOF
    if ! "$PY" -m pip install -q -r "$req" -r "$REPO/requirements.txt" >"$req.log" 2>&1; then
        tail -n 30 "$req.log" >&2
        rm -f "$req" "$req.log"
        echo "ERROR: installing Odoo's requirements into $PY failed (above)." >&2
        return 1
    fi
    rm -f "$req" "$req.log"
    pth_dir=$("$PY" -c "import sysconfig; print(sysconfig.get_paths()['purelib'])")
    if [ ! -w "$pth_dir" ]; then
        pth_dir=$("$PY" -m site --user-site)
        mkdir -p "$pth_dir"
    fi
    echo "$src" >"$pth_dir/odoo-src.pth"
    if ! odoo_available; then
        echo "ERROR: $PY still cannot import Odoo 18 from $src." >&2
        return 1
    fi
    ensure_postgres || return 1
    note="psycopg2"
    command -v pg_config >/dev/null 2>&1 || note="psycopg2-binary (no pg_config)"
    echo "ODOO_SRC: made Odoo 18 importable for $PY: installed Odoo's requirements" \
        "($note, cbor2==5.6.2, no python-ldap) and the addon's, wrote" \
        "$pth_dir/odoo-src.pth, PostgreSQL answers with role $(id -un)."
}

ensure_postgres() {
    if pg_isready -q -h 127.0.0.1 2>/dev/null; then
        ensure_pg_role
        return 0
    fi
    echo "PostgreSQL is not running; starting it."
    if command -v pg_ctlcluster >/dev/null 2>&1 && [ -n "$(pg_lsclusters -h 2>/dev/null)" ]; then
        read -r version cluster _ < <(pg_lsclusters -h | head -n 1)
        pg_ctlcluster "$version" "$cluster" start || true
    elif command -v service >/dev/null 2>&1; then
        service postgresql start || true
    fi
    for _ in $(seq 1 30); do
        pg_isready -q -h 127.0.0.1 && break
        sleep 1
    done
    pg_isready -q -h 127.0.0.1 || { echo "ERROR: PostgreSQL did not start." >&2; return 1; }
    ensure_pg_role
}

ensure_pg_role() {
    # Odoo connects as the current user through the local socket; create that role once.
    local me
    me=$(id -un)
    if ! psql -d postgres -Atc "select 1" >/dev/null 2>&1; then
        if command -v runuser >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
            runuser -u postgres -- psql -q -c "CREATE ROLE \"$me\" SUPERUSER LOGIN" >/dev/null 2>&1 || true
        else
            sudo -u postgres psql -q -c "CREATE ROLE \"$me\" SUPERUSER CREATEDB LOGIN" >/dev/null 2>&1 || true
        fi
    fi
    psql -d postgres -Atc "select 1" >/dev/null 2>&1 || {
        echo "ERROR: cannot connect to PostgreSQL as $me." >&2
        return 1
    }
}

ensure_browser_test_tools() {
    # Odoo's tour tests need Chromium and websocket-client; without them Odoo skips the tours.
    "$PY" -c "import websocket" >/dev/null 2>&1 || "$PY" -m pip install -q websocket-client >/dev/null 2>&1 || true
    if ! command -v chromium >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "Installing Chromium for the tour tests..."
        (apt-get update -qq && apt-get install -y -qq chromium) >/dev/null 2>&1 || true
    fi
    command -v chromium >/dev/null 2>&1 || echo "NOTE: no Chromium: Odoo skips the tour tests."
    # The tests that render a report as a real PDF (reminders, statements) need
    # wkhtmltopdf, as Odoo's own PDF printing does.
    if ! command -v wkhtmltopdf >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "Installing wkhtmltopdf for the PDF report tests..."
        (apt-get update -qq && apt-get install -y -qq wkhtmltopdf) >/dev/null 2>&1 || true
    fi
    command -v wkhtmltopdf >/dev/null 2>&1 || echo "NOTE: no wkhtmltopdf: PDF reports cannot be rendered."
}
