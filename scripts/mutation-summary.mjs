// Reads one Stryker JSON report and prints the file's row of the summary, then each surviving or uncovered mutant.
import { readFileSync } from "node:fs";

const [reportPath, file, time] = process.argv.slice(2);
const report = JSON.parse(readFileSync(reportPath, "utf8"));
const entry = Object.entries(report.files).find(([path]) => path.endsWith(file));
if (!entry) {
  console.log(`| ${file} | – | – | – | no mutants | ${time} |`);
  process.exit(0);
}
const mutants = entry[1].mutants;
const count = (...statuses) => mutants.filter((m) => statuses.includes(m.status)).length;
const killed = count("Killed", "Timeout");
const survived = count("Survived");
const uncovered = count("NoCoverage");
const total = killed + survived + uncovered;
const score = total === 0 ? "–" : `${((100 * killed) / total).toFixed(1)} %`;
console.log(`| ${file} | ${killed} | ${survived} | ${uncovered} | ${score} | ${time.trim()} |`);
for (const m of mutants.filter((m) => m.status === "Survived" || m.status === "NoCoverage")) {
  const replacement = (m.replacement ?? "").replace(/\s+/g, " ").slice(0, 120);
  console.log(`  ${m.status} line ${m.location.start.line}: ${m.mutatorName}: ${replacement}`);
}
