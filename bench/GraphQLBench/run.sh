#!/usr/bin/env bash
# Runs the .NET engine and graphql-js on the same workload (needs `npm ci` in tests/GraphQL.Tests/js).
set -euo pipefail
cd "$(dirname "$0")"
dotnet run -c Release --project GraphQLBench.csproj -- "${1:-20000}"
node bench.mjs "${1:-20000}"
