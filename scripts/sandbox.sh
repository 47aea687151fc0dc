#!/usr/bin/env bash
# The sandbox EHR and the SMART app together, so a newcomer can launch the app from a patient's chart in a browser:
#   sandbox EHR (launcher, SMART authorization server, FHIR proxy, test FHIR server with samples/cohort) on :5070
#   SMART app (Development settings: the sandbox is on its iss allow-list) on :5090
# Open http://127.0.0.1:5070/ and press "Launch AllianceFhir" beside a patient. Ctrl+C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."

dotnet build src/AllianceFhir.Smart -v quiet -nologo
dotnet build sandbox/AllianceFhir.Sandbox -v quiet -nologo

ASPNETCORE_ENVIRONMENT=Development dotnet run --no-build --no-launch-profile --project src/AllianceFhir.Smart \
  --urls http://127.0.0.1:5090 &
app=$!
trap 'kill "$app" 2>/dev/null || true' EXIT INT TERM

dotnet run --no-build --project sandbox/AllianceFhir.Sandbox
