#!/usr/bin/env bash
# Re-vendors GraphiQL's browser (UMD) build and the React 18 UMD builds it runs on, from the npm registry.
# Usage: src/Gateway/GraphiQL/vendor/refresh.sh [graphiql-version] [react-version]
# Then update the versions in README.md beside this script, rebuild, and run the Gateway tests (the browser test
# drives the new bundle).
set -euo pipefail
graphiql="${1:-4.1.2}"
react="${2:-18.3.1}"
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
npm pack --silent "graphiql@$graphiql" "react@$react" "react-dom@$react" >/dev/null
for archive in "graphiql-$graphiql" "react-$react" "react-dom-$react"; do
  package="${archive%-*}"
  mkdir "$package"
  tar xzf "$archive.tgz" -C "$package" --strip-components=1
done
cp graphiql/graphiql.min.js graphiql/graphiql.min.css "$here/"
cp graphiql/LICENSE "$here/graphiql.LICENSE"
cp react/umd/react.production.min.js "$here/"
cp react/LICENSE "$here/react.LICENSE"
cp react-dom/umd/react-dom.production.min.js "$here/"
cp react-dom/LICENSE "$here/react-dom.LICENSE"
echo "vendored graphiql@$graphiql, react@$react, react-dom@$react into $here"
