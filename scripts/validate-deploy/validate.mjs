// Validates every document of the k8s/ manifests against its schema: Kubernetes' own API
// (kubernetes-models) and the CRDs of Strimzi, KEDA and the Prometheus Operator. Exits 1 on
// the first kind it does not know and on every document that does not validate.
import { readFileSync, readdirSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import yaml from "js-yaml";

const dir = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "k8s");
// apiVersion -> module path prefix; the class is the kind
const modules = {
  "v1": "kubernetes-models/v1",
  "apps/v1": "kubernetes-models/apps/v1",
  "networking.k8s.io/v1": "kubernetes-models/networking.k8s.io/v1",
  "kafka.strimzi.io/v1beta2": "@kubernetes-models/strimzi-kafka-operator/kafka.strimzi.io/v1beta2",
  "monitoring.coreos.com/v1": "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1",
};
const keda = (await import("@kubernetes-models/keda")).kedaSh;

async function modelFor(apiVersion, kind) {
  if (apiVersion === "keda.sh/v1alpha1") return keda.v1alpha1[kind];
  const prefix = modules[apiVersion];
  if (!prefix) return undefined;
  return (await import(`${prefix}/${kind}`))[kind];
}

let failures = 0, checked = 0;
for (const file of readdirSync(dir).filter((f) => f.endsWith(".yaml")).sort()) {
  if (file === "kustomization.yaml") continue; // kustomize's own file, checked below
  const docs = yaml.loadAll(readFileSync(join(dir, file), "utf8")).filter(Boolean);
  for (const doc of docs) {
    const where = `${file}: ${doc.kind} ${doc.metadata?.name}`;
    const Model = await modelFor(doc.apiVersion, doc.kind);
    if (!Model) { console.error(`${where}: no schema known for ${doc.apiVersion} ${doc.kind}`); failures++; continue; }
    try {
      new Model(doc).validate();
      checked++;
    } catch (e) {
      console.error(`${where}: ${e.message}`);
      failures++;
    }
  }
}
const kustomization = yaml.load(readFileSync(join(dir, "kustomization.yaml"), "utf8"));
const listed = new Set(kustomization.resources);
for (const file of readdirSync(dir).filter((f) => f.endsWith(".yaml") && f !== "kustomization.yaml"))
  if (!listed.has(file)) { console.error(`kustomization.yaml does not list ${file}`); failures++; }
for (const file of listed)
  if (!readdirSync(dir).includes(file)) { console.error(`kustomization.yaml lists a missing ${file}`); failures++; }
if (failures > 0) { console.error(`validate-deploy: ${failures} problem(s) in k8s/`); process.exit(1); }
console.log(`validate-deploy: ${checked} Kubernetes documents in k8s/ match their schemas`);
