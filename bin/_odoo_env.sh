# Shared by bin/test and bin/demo: find Odoo 18 and make sure PostgreSQL answers on 127.0.0.1.
PY=${PYTHON:-python3}
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

odoo_available() {
    "$PY" -c "import odoo.release as r; assert r.version_info[0] == 18" >/dev/null 2>&1
}

odoo_addons_path() {
    # Odoo's own addons (inside the package and, in a source checkout, beside it) plus this repo.
    "$PY" - "$REPO" <<'PYEOF'
import os, sys, odoo
root = os.path.dirname(odoo.__file__)
paths = [os.path.join(root, "addons"), os.path.join(os.path.dirname(root), "addons")]
paths = [p for p in paths if os.path.isdir(os.path.join(p, "web"))] + [sys.argv[1]]
print(",".join(dict.fromkeys(paths)))
PYEOF
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
}
