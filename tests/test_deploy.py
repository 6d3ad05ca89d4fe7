"""The deployment files (deploy/, docs/deploy.md) say what a reviewer needs them to say.

Two kinds of test:

- Schema validation, offline: ``kubectl kustomize deploy/kubernetes`` renders the
  manifests and every object is validated strictly (unknown fields rejected)
  against the Kubernetes OpenAPI schemas bundled in the pinned package
  kubernetes-validate; deploy/compose.yaml against the compose-spec schema that
  the pinned check-jsonschema vendors. Both live in their own virtualenv,
  var/deploy-tools (they need a jsonschema that Rasa 3.6 forbids), created from
  deploy/requirements-validate.txt on first use. kubectl or the validators
  missing: skipped on a developer's machine, a failure with CI=true.
- Properties, as plain checks over the parsed files: only the web app is
  exposed; probes, limits and non-root everywhere; no secret in ConfigMaps or
  the compose file; the Secret and .env.example hold only CHANGE-ME; RASA_URLS
  lists exactly the StatefulSet's stable names; Rasa runs without its HTTP API,
  with the Redis lock store, the PostgreSQL tracker store and no telemetry;
  only the web app reaches Rasa and only Rasa the action server. Each check
  returns its problems, and ``test_each_check_catches_a_broken_copy`` breaks a
  copy of the files once per check to prove the check can fail.
"""
from __future__ import annotations

import copy
import hashlib
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Callable, Iterator, Optional

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
KUSTOMIZE_DIR = DEPLOY / "kubernetes"
OPTIONAL_MANIFESTS = sorted((KUSTOMIZE_DIR / "optional").glob("*.yaml"))
COMPOSE_FILE = DEPLOY / "compose.yaml"
ENDPOINTS_FILE = DEPLOY / "endpoints.production.yml"
ENV_EXAMPLE = DEPLOY / ".env.example"
DOCKERFILE = DEPLOY / "Dockerfile"
RELAY = DEPLOY / "spool_relay.py"
TOOLS_REQUIREMENTS = DEPLOY / "requirements-validate.txt"
TOOLS = ROOT / "var" / "deploy-tools"
TRACKER_STORE_TYPE = yaml.safe_load((ROOT / "endpoints.yml").read_text())["tracker_store"]["type"]
# kubectl here is 1.32; 1.37 is the newest schema set kubernetes-validate 1.37.0 bundles.
KUBERNETES_VERSIONS = ("1.32.0", "1.37.0")
PLACEHOLDER = "CHANGE-ME"
SECRET_NAME = re.compile(r"SECRET|PASSWORD|TOKEN|AUTH|PRIVATE|_KEY$")
CREDENTIALS_IN_URL = re.compile(r"://[^/@\s]+:([^/@\s]+)@")
WORKLOAD_KINDS = ("Deployment", "StatefulSet", "DaemonSet")


def _missing(message: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"{message} CI must provide it.")
    pytest.skip(message)


# -- loading -----------------------------------------------------------------------------
@pytest.fixture(scope="module")
def manifests() -> list[dict[str, Any]]:
    """The objects `kubectl kustomize deploy/kubernetes` renders."""
    kubectl = shutil.which("kubectl") or ("/usr/bin/kubectl" if Path("/usr/bin/kubectl").exists() else None)
    if kubectl is None:
        _missing("kubectl is not installed (it renders deploy/kubernetes with its built-in kustomize). "
                 "Fix: install kubectl 1.27 or newer.")
    result = subprocess.run([kubectl, "kustomize", str(KUSTOMIZE_DIR)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, f"kubectl kustomize deploy/kubernetes failed:\n{result.stderr}"
    return [document for document in yaml.safe_load_all(result.stdout) if document]


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    return yaml.safe_load(COMPOSE_FILE.read_text(encoding="utf-8"))  # merges the x-* anchors (<<)


@pytest.fixture(scope="module")
def endpoints() -> dict[str, Any]:
    return yaml.safe_load(ENDPOINTS_FILE.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def tools() -> Path:
    """var/deploy-tools/bin with kubernetes-validate and check-jsonschema, installed when needed."""
    wanted = hashlib.sha256(TOOLS_REQUIREMENTS.read_bytes()).hexdigest()
    marker = TOOLS / ".installed"
    if marker.exists() and marker.read_text().strip() == wanted:
        return TOOLS / "bin"
    try:
        subprocess.run([sys.executable, "-m", "venv", "--clear", str(TOOLS)], check=True, capture_output=True,
                       text=True, timeout=300)
        subprocess.run([str(TOOLS / "bin" / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                        "-r", str(TOOLS_REQUIREMENTS)], check=True, capture_output=True, text=True, timeout=900)
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as error:
        details = (getattr(error, "stderr", "") or "").strip().splitlines()[-3:]
        _missing(f"Could not install the offline validators into {TOOLS} from {TOOLS_REQUIREMENTS.name} "
                 f"({' '.join(details) or type(error).__name__}). Fix: reach the package registry once, or run "
                 f"`python -m venv {TOOLS} && {TOOLS}/bin/pip install -r deploy/requirements-validate.txt`.")
    marker.write_text(wanted)
    return TOOLS / "bin"


# -- helpers over rendered objects -------------------------------------------------------
def objects_of(objects: list[dict[str, Any]], kind: str) -> list[dict[str, Any]]:
    return [item for item in objects if item.get("kind") == kind]


def named(objects: list[dict[str, Any]], kind: str, name: str) -> Optional[dict[str, Any]]:
    return next((item for item in objects_of(objects, kind) if item["metadata"]["name"] == name), None)


def pod_specs(objects: list[dict[str, Any]]) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
    """(object, pod spec) for every object that runs pods."""
    for item in objects:
        spec = item.get("spec") or {}
        if item.get("kind") in WORKLOAD_KINDS + ("Job",):
            yield item, spec["template"]["spec"]
        elif item.get("kind") == "CronJob":
            yield item, spec["jobTemplate"]["spec"]["template"]["spec"]
        elif item.get("kind") == "Pod":
            yield item, spec


def all_containers(pod: dict[str, Any]) -> list[dict[str, Any]]:
    return list(pod.get("initContainers") or []) + list(pod.get("containers") or [])


def pod_labels(item: dict[str, Any]) -> dict[str, str]:
    return item["spec"]["template"]["metadata"].get("labels") or {}


def selects(selector: Optional[dict[str, Any]], labels: dict[str, str]) -> bool:
    """matchLabels semantics (the only form these manifests use); an empty selector selects everything."""
    selector = selector or {}
    if selector.get("matchExpressions"):
        raise AssertionError("matchExpressions are not evaluated by these tests; use matchLabels.")
    return all(labels.get(key) == value for key, value in (selector.get("matchLabels") or {}).items())


def container_env(objects: list[dict[str, Any]], container: dict[str, Any]) -> dict[str, str]:
    """The container's environment as the kubelet builds it; secrets appear as 'secret:NAME/KEY'."""
    env: dict[str, str] = {}
    for source in container.get("envFrom") or []:
        if "configMapRef" in source:
            config_map = named(objects, "ConfigMap", source["configMapRef"]["name"]) or {}
            env.update(config_map.get("data") or {})
        if "secretRef" in source:
            secret = named(objects, "Secret", source["secretRef"]["name"]) or {}
            env.update({key: f"secret:{source['secretRef']['name']}/{key}" for key in secret.get("stringData") or {}})
    for variable in container.get("env") or []:
        if "value" in variable:
            env[variable["name"]] = variable["value"]
        elif "secretKeyRef" in (variable.get("valueFrom") or {}):
            ref = variable["valueFrom"]["secretKeyRef"]
            env[variable["name"]] = f"secret:{ref['name']}/{ref['key']}"
        elif "configMapKeyRef" in (variable.get("valueFrom") or {}):
            ref = variable["valueFrom"]["configMapKeyRef"]
            env[variable["name"]] = ((named(objects, "ConfigMap", ref["name"]) or {}).get("data") or {}).get(ref["key"], "")
        else:
            env[variable["name"]] = "field:"
    return env


def secret_value(objects: list[dict[str, Any]], reference: str) -> str:
    name, key = reference[len("secret:"):].split("/", 1)
    return ((named(objects, "Secret", name) or {}).get("stringData") or {}).get(key, "")


def rasa_workload(objects: list[dict[str, Any]]) -> Optional[dict[str, Any]]:
    return next((item for item in objects if item.get("kind") in WORKLOAD_KINDS
                 and pod_labels(item).get("app.kubernetes.io/component") == "rasa"), None)


def component_labels(objects: list[dict[str, Any]], component: str) -> dict[str, str]:
    for item in objects:
        if item.get("kind") in WORKLOAD_KINDS and pod_labels(item).get("app.kubernetes.io/component") == component:
            return pod_labels(item)
    raise AssertionError(f"No workload for component {component!r}.")


def option(command: list[str], flag: str) -> Optional[str]:
    for index, word in enumerate(command):
        if word == flag and index + 1 < len(command):
            return command[index + 1]
        if word.startswith(flag + "="):
            return word.split("=", 1)[1]
    return None


def endpoint_variables(endpoints_text: str) -> set[str]:
    """The ${VARIABLES} in the file's values (what Rasa expands; comments do not count)."""
    def walk(node: Any) -> Iterator[str]:
        if isinstance(node, dict):
            for value in node.values():
                yield from walk(value)
        elif isinstance(node, list):
            for value in node:
                yield from walk(value)
        elif isinstance(node, str):
            yield from re.findall(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}", node)
    return set(walk(yaml.safe_load(endpoints_text)))


# -- checks over the Kubernetes manifests; each returns its problems --------------------
def exposure_problems(objects: list[dict[str, Any]]) -> list[str]:
    problems = []
    ingresses = objects_of(objects, "Ingress")
    if len(ingresses) != 1:
        problems.append(f"expected exactly one Ingress, found {len(ingresses)}")
    for ingress in ingresses:
        spec = ingress["spec"]
        backends = [spec["defaultBackend"]] if spec.get("defaultBackend") else []
        backends += [path["backend"] for rule in spec.get("rules") or [] for path in rule["http"]["paths"]]
        for backend in backends:
            service = (backend.get("service") or {}).get("name")
            if service != "web":
                problems.append(f"Ingress {ingress['metadata']['name']} routes to {service or backend}, not to web")
        if not spec.get("tls"):
            problems.append(f"Ingress {ingress['metadata']['name']} has no TLS")
    for service in objects_of(objects, "Service"):
        kind = service["spec"].get("type", "ClusterIP")
        if kind != "ClusterIP" or service["spec"].get("externalIPs"):
            problems.append(f"Service {service['metadata']['name']} is exposed outside the cluster ({kind})")
    for item, pod in pod_specs(objects):
        name = item["metadata"]["name"]
        for flag in ("hostNetwork", "hostPID", "hostIPC"):
            if pod.get(flag):
                problems.append(f"{name}: {flag}")
        for container in all_containers(pod):
            for port in container.get("ports") or []:
                if port.get("hostPort"):
                    problems.append(f"{name}/{container['name']}: hostPort {port['hostPort']}")
    web = named(objects, "Service", "web")
    if web is None or not selects({"matchLabels": web["spec"].get("selector")}, component_labels(objects, "web")):
        problems.append("the Ingress's Service web does not select the web app's pods")
    return problems


def probe_problems(objects: list[dict[str, Any]]) -> list[str]:
    problems = []
    for item, pod in pod_specs(objects):
        if item["kind"] not in WORKLOAD_KINDS:
            continue
        for container in pod.get("containers") or []:
            for probe in ("livenessProbe", "readinessProbe"):
                if not container.get(probe):
                    problems.append(f"{item['metadata']['name']}/{container['name']}: no {probe}")
    return problems


def resource_problems(objects: list[dict[str, Any]]) -> list[str]:
    problems = []
    for item, pod in pod_specs(objects):
        for container in all_containers(pod):
            resources = container.get("resources") or {}
            for part in ("requests", "limits"):
                for resource in ("cpu", "memory"):
                    if not (resources.get(part) or {}).get(resource):
                        problems.append(f"{item['metadata']['name']}/{container['name']}: no {part}.{resource}")
    return problems


def root_problems(objects: list[dict[str, Any]]) -> list[str]:
    problems = []
    for item, pod in pod_specs(objects):
        name = item["metadata"]["name"]
        pod_context = pod.get("securityContext") or {}
        if (pod_context.get("seccompProfile") or {}).get("type") not in ("RuntimeDefault", "Localhost"):
            problems.append(f"{name}: no RuntimeDefault seccomp profile")
        for volume in pod.get("volumes") or []:
            if "hostPath" in volume:
                problems.append(f"{name}: hostPath volume {volume['name']}")
        for container in all_containers(pod):
            where = f"{name}/{container['name']}"
            context = container.get("securityContext") or {}
            non_root = context.get("runAsNonRoot", pod_context.get("runAsNonRoot"))
            user = context.get("runAsUser", pod_context.get("runAsUser"))
            if non_root is not True:
                problems.append(f"{where}: runAsNonRoot is not true")
            if not isinstance(user, int) or user == 0:
                problems.append(f"{where}: runAsUser is {user!r}, not a non-zero uid")
            if context.get("allowPrivilegeEscalation") is not False:
                problems.append(f"{where}: allowPrivilegeEscalation is not false")
            if context.get("privileged"):
                problems.append(f"{where}: privileged")
            capabilities = context.get("capabilities") or {}
            if "ALL" not in (capabilities.get("drop") or []) or capabilities.get("add"):
                problems.append(f"{where}: capabilities are not drop ALL (and add nothing)")
            if context.get("readOnlyRootFilesystem") is not True:
                problems.append(f"{where}: root filesystem is writable")
    return problems


def pod_security_problems(objects: list[dict[str, Any]]) -> list[str]:
    namespaces = {item["metadata"]["name"]: item for item in objects_of(objects, "Namespace")}
    problems = []
    for item in objects:
        namespace = item["metadata"].get("namespace")
        if item["kind"] == "Namespace":
            continue
        if namespace not in namespaces:
            problems.append(f"{item['kind']} {item['metadata']['name']} is not in the rendered namespace")
    for name, namespace in namespaces.items():
        labels = namespace["metadata"].get("labels") or {}
        if labels.get("pod-security.kubernetes.io/enforce") != "restricted":
            problems.append(f"namespace {name} does not enforce the restricted Pod Security Standard")
    return problems


def secret_leak_problems(objects: list[dict[str, Any]]) -> list[str]:
    problems = []
    secret_keys = {key for secret in objects_of(objects, "Secret") for key in (secret.get("stringData") or {})}
    for config_map in objects_of(objects, "ConfigMap"):
        for key, value in (config_map.get("data") or {}).items():
            if key in secret_keys or SECRET_NAME.search(key):
                problems.append(f"ConfigMap {config_map['metadata']['name']} holds the secret {key}")
            if CREDENTIALS_IN_URL.search(str(value)):
                problems.append(f"ConfigMap {config_map['metadata']['name']}: {key} is a URL with a password")
    for item, pod in pod_specs(objects):
        for container in all_containers(pod):
            for variable in container.get("env") or []:
                if "value" not in variable:
                    continue
                if (variable["name"] in secret_keys or SECRET_NAME.search(variable["name"])
                        or CREDENTIALS_IN_URL.search(str(variable["value"]))):
                    problems.append(f"{item['metadata']['name']}/{container['name']}: {variable['name']} is set "
                                    f"in the manifest instead of from the Secret")
    return problems


def placeholder_problems(objects: list[dict[str, Any]]) -> list[str]:
    problems = []
    secrets = objects_of(objects, "Secret")
    if not secrets:
        problems.append("no Secret rendered")
    for secret in secrets:
        if secret.get("data"):
            problems.append(f"Secret {secret['metadata']['name']} has base64 `data`; only CHANGE-ME stringData belongs in git")
        for key, value in (secret.get("stringData") or {}).items():
            if PLACEHOLDER not in str(value):
                problems.append(f"Secret {secret['metadata']['name']}: {key} is not a {PLACEHOLDER} placeholder")
            password = CREDENTIALS_IN_URL.search(str(value))
            if password and password.group(1) != PLACEHOLDER:
                problems.append(f"Secret {secret['metadata']['name']}: {key} has a password other than {PLACEHOLDER}")
    return problems


def reference_problems(objects: list[dict[str, Any]]) -> list[str]:
    """Every ConfigMap/Secret reference resolves, and $(VAR) in commands and env is defined before use."""
    problems = []
    for item, pod in pod_specs(objects):
        # Service links would inject RASA_PORT=tcp://..., WEB_PORT=tcp://... from the Services
        # rasa and web, which bot/content/settings.py reads as port numbers.
        if pod.get("enableServiceLinks") is not False:
            problems.append(f"{item['metadata']['name']}: enableServiceLinks is not false")
        for container in all_containers(pod):
            where = f"{item['metadata']['name']}/{container['name']}"
            defined: set[str] = set()
            for source in container.get("envFrom") or []:
                for kind, field in (("ConfigMap", "configMapRef"), ("Secret", "secretRef")):
                    if field in source and named(objects, kind, source[field]["name"]) is None:
                        problems.append(f"{where}: {kind} {source[field]['name']} does not exist")
            defined.update(container_env(objects, {"envFrom": container.get("envFrom")}))
            for variable in container.get("env") or []:
                for used in re.findall(r"\$\(([A-Za-z_][A-Za-z0-9_]*)\)", str(variable.get("value", ""))):
                    if used not in defined:
                        problems.append(f"{where}: {variable['name']} uses $({used}) before it is defined")
                ref = (variable.get("valueFrom") or {}).get("secretKeyRef")
                if ref:
                    secret = named(objects, "Secret", ref["name"])
                    if secret is None or ref["key"] not in (secret.get("stringData") or {}):
                        problems.append(f"{where}: Secret key {ref['name']}/{ref['key']} does not exist")
                defined.add(variable["name"])
            for word in list(container.get("command") or []) + list(container.get("args") or []):
                for used in re.findall(r"\$\(([A-Za-z_][A-Za-z0-9_]*)\)", str(word)):
                    if used not in defined:
                        problems.append(f"{where}: the command uses $({used}), which is not in its environment")
    return problems


def rasa_urls_problems(objects: list[dict[str, Any]]) -> list[str]:
    """The web app's RASA_URLS names exactly the Rasa StatefulSet's replicas by their stable DNS names."""
    rasa = rasa_workload(objects)
    if rasa is None or rasa["kind"] != "StatefulSet":
        return ["Rasa does not run as a StatefulSet"]
    service = named(objects, "Service", rasa["spec"]["serviceName"])
    problems = []
    if service is None or service["spec"].get("clusterIP") != "None":
        problems.append(f"the StatefulSet's serviceName {rasa['spec']['serviceName']!r} is not a headless Service")
    elif not selects({"matchLabels": service["spec"].get("selector")}, pod_labels(rasa)):
        problems.append("the headless Service does not select the Rasa pods")
    replicas = rasa["spec"].get("replicas", 1)
    if replicas < 2:
        problems.append(f"Rasa has {replicas} replica(s); the topology needs at least 2")
    container = next(c for c in rasa["spec"]["template"]["spec"]["containers"] if c["name"] == "rasa")
    port = option(container.get("command") or [], "--port") or "5005"
    expected = [f"http://{rasa['metadata']['name']}-{index}.{rasa['spec']['serviceName']}:{port}" for index in range(replicas)]
    web = next(item for item in objects if item.get("kind") in WORKLOAD_KINDS
               and pod_labels(item).get("app.kubernetes.io/component") == "web")
    if web["metadata"].get("namespace") != rasa["metadata"].get("namespace"):
        problems.append("web and Rasa are in different namespaces, so the short names do not resolve")
    for web_container in web["spec"]["template"]["spec"]["containers"]:
        listed = [url.strip().rstrip("/") for url in container_env(objects, web_container).get("RASA_URLS", "").split(",")
                  if url.strip()]
        if listed != expected:
            problems.append(f"web/{web_container['name']}: RASA_URLS is {listed}, the StatefulSet's replicas are {expected}")
    return problems


def rasa_server_problems(objects: list[dict[str, Any]], endpoints_text: str) -> list[str]:
    """Rasa: no HTTP API, production endpoints (Redis locks, PostgreSQL tracker), no telemetry, variables all set."""
    rasa = rasa_workload(objects)
    if rasa is None:
        return ["no Rasa workload"]
    container = next(c for c in rasa["spec"]["template"]["spec"]["containers"] if c["name"] == "rasa")
    command = list(container.get("command") or []) + list(container.get("args") or [])
    problems = []
    if command[:4] != ["python", "-m", "bot.rasa_ext", "run"]:
        problems.append(f"Rasa's command is {command[:4]}, not `python -m bot.rasa_ext run` (the patches' checks)")
    for forbidden in ("--enable-api", "--cors", "--auth-token", "--jwt-secret", "--debug", "-vv"):
        if any(word == forbidden or word.startswith(forbidden + "=") for word in command):
            problems.append(f"Rasa is started with {forbidden}")
    if option(command, "--endpoints") != "deploy/endpoints.production.yml":
        problems.append(f"Rasa reads endpoints {option(command, '--endpoints')}, not deploy/endpoints.production.yml")
    if option(command, "--credentials") != "credentials.yml":
        problems.append("Rasa does not read credentials.yml")
    if option(command, "--interface") in (None, "0.0.0.0", "::"):
        problems.append("Rasa binds every interface (set --interface to the pod's address)")
    env = container_env(objects, container)
    problems += endpoints_problems(endpoints_text, env)
    tracker = env.get("TRACKER_STORE_URL", "")
    tracker = secret_value(objects, tracker) if tracker.startswith("secret:") else tracker
    if not tracker.startswith("postgresql://"):
        problems.append(f"TRACKER_STORE_URL is not a postgresql:// URL ({tracker.split(':', 1)[0] or 'unset'})")
    if env.get("RASA_TELEMETRY_ENABLED") != "false":
        problems.append(f"RASA_TELEMETRY_ENABLED is {env.get('RASA_TELEMETRY_ENABLED')!r}, not 'false'")
    if env.get("LOG_LEVEL", "INFO").upper() not in ("INFO", "WARNING", "ERROR"):
        problems.append(f"LOG_LEVEL is {env.get('LOG_LEVEL')} (DEBUG logs patient text)")
    return problems


def endpoints_problems(endpoints_text: str, env: dict[str, str]) -> list[str]:
    """deploy/endpoints.production.yml is what production needs, and Rasa's environment sets all its variables."""
    try:
        config = yaml.safe_load(endpoints_text) or {}
    except yaml.YAMLError as error:
        return [f"endpoints.production.yml does not parse: {error}"]
    problems = []
    lock_store = config.get("lock_store") or {}
    if lock_store.get("type") != "redis":
        problems.append(f"lock_store.type is {lock_store.get('type')!r}, not 'redis'")
    if lock_store.get("key_prefix") != "clinic":
        problems.append("lock_store.key_prefix is not 'clinic'")
    for key in ("url", "port", "db"):
        if not str(lock_store.get(key, "")).startswith("${"):
            problems.append(f"lock_store.{key} is not read from the environment")
    tracker_store = config.get("tracker_store") or {}
    if tracker_store.get("type") != TRACKER_STORE_TYPE or tracker_store.get("url") != "${TRACKER_STORE_URL}":
        problems.append(f"tracker_store is not `type: {TRACKER_STORE_TYPE}, url: ${{TRACKER_STORE_URL}}` as in endpoints.yml")
    action = config.get("action_endpoint") or {}
    if (action.get("headers") or {}).get("X-Action-Secret") != "${ACTION_SECRET}":
        problems.append("action_endpoint does not send X-Action-Secret: ${ACTION_SECRET}")
    for variable in sorted(endpoint_variables(endpoints_text) - set(env)):
        problems.append(f"Rasa's environment lacks {variable}, which the endpoints file needs (Rasa would not start)")
    return problems


def network_policy_problems(objects: list[dict[str, Any]]) -> list[str]:
    """Default deny; the web app only from the ingress controller, Rasa only from web, actions only from Rasa."""
    policies = objects_of(objects, "NetworkPolicy")
    problems = []
    if not any(not (p["spec"].get("podSelector") or {}) and "Ingress" in p["spec"].get("policyTypes", [])
               and not p["spec"].get("ingress") for p in policies):
        problems.append("no default-deny ingress policy for the namespace")
    labels = {component: component_labels(objects, component) for component in ("web", "rasa", "actions")}
    allowed_from = {"rasa": "web", "actions": "rasa"}
    for component, own in labels.items():
        rules = [rule for p in policies if selects(p["spec"].get("podSelector"), own)
                 for rule in p["spec"].get("ingress") or []]
        if not rules:
            problems.append(f"{component}: no policy admits anything (it would be unreachable)")
        for rule in rules:
            peers = rule.get("from")
            if not peers:
                problems.append(f"{component}: a rule admits traffic from everywhere")
                continue
            for peer in peers:
                if "ipBlock" in peer:
                    problems.append(f"{component}: admits the address block {peer['ipBlock'].get('cidr')}")
                if component == "web":
                    if "podSelector" in peer or "namespaceSelector" not in peer or not peer["namespaceSelector"]:
                        problems.append("web: admits more than the ingress controller's namespace")
                    continue
                source = labels[allowed_from[component]]
                others = [name for name, other in labels.items() if name != allowed_from[component]
                          and selects(peer.get("podSelector"), other)]
                if "namespaceSelector" in peer or "podSelector" not in peer or not selects(peer["podSelector"], source) or others:
                    problems.append(f"{component}: admits more than {allowed_from[component]} ({peer})")
    return problems


KUBERNETES_CHECKS: dict[str, Callable[[list[dict[str, Any]]], list[str]]] = {
    "exposure": exposure_problems,
    "probes": probe_problems,
    "resources": resource_problems,
    "non_root": root_problems,
    "pod_security": pod_security_problems,
    "no_secret_in_config": secret_leak_problems,
    "secret_placeholders": placeholder_problems,
    "references": reference_problems,
    "rasa_urls": rasa_urls_problems,
    "rasa_server": lambda objects: rasa_server_problems(objects, ENDPOINTS_FILE.read_text(encoding="utf-8")),
    "network_policies": network_policy_problems,
}


# -- checks over deploy/compose.yaml ------------------------------------------------------
ONE_SHOT = ("check-secrets",)
REFERENCE = re.compile(r"^\$\{[A-Z_][A-Z0-9_]*(?::?[-?][^}]*)?\}$")


def compose_env(service: dict[str, Any]) -> dict[str, str]:
    environment = service.get("environment") or {}
    if isinstance(environment, list):
        environment = dict(item.split("=", 1) if "=" in item else (item, "") for item in environment)
    return {key: "" if value is None else str(value) for key, value in environment.items()}


def compose_exposure_problems(compose: dict[str, Any]) -> list[str]:
    problems = []
    services = compose.get("services") or {}
    for name, service in services.items():
        if service.get("ports") and name != "web":
            problems.append(f"{name} publishes ports {service['ports']}")
        if service.get("network_mode") not in (None, "none"):
            problems.append(f"{name} uses network_mode {service['network_mode']}")
    if not (services.get("web") or {}).get("ports"):
        problems.append("web publishes no port")
    networks = compose.get("networks") or {}
    internal = {name for name, network in networks.items() if (network or {}).get("internal")}
    for name, service in services.items():
        if name in ("web", "actions") + ONE_SHOT:
            continue
        attached = set(service.get("networks") or ["default"])
        if not attached or not attached <= internal:
            problems.append(f"{name} is on a network with a way out: {sorted(attached - internal)}")
    return problems


def compose_healthcheck_problems(compose: dict[str, Any]) -> list[str]:
    return [f"{name} has no healthcheck" for name, service in (compose.get("services") or {}).items()
            if name not in ONE_SHOT and not (service.get("healthcheck") or {}).get("test")]


def compose_root_problems(compose: dict[str, Any]) -> list[str]:
    problems = []
    for name, service in (compose.get("services") or {}).items():
        user = str(service.get("user", "")).split(":")[0]
        if not user.isdigit() or int(user) == 0:
            problems.append(f"{name} runs as {user or 'the image default'}, not a non-zero uid")
        if "no-new-privileges:true" not in (service.get("security_opt") or []):
            problems.append(f"{name} lacks no-new-privileges")
        if "ALL" not in (service.get("cap_drop") or []) or service.get("cap_add") or service.get("privileged"):
            problems.append(f"{name} keeps capabilities")
        if name != "postgres" and service.get("read_only") is not True:
            problems.append(f"{name} has a writable root filesystem")
    return problems


def compose_secret_problems(compose: dict[str, Any]) -> list[str]:
    """Only ${VAR} references: secret-named variables are pure references, URL passwords are references."""
    problems = []
    for name, service in (compose.get("services") or {}).items():
        for key, value in compose_env(service).items():
            if SECRET_NAME.search(key) and not REFERENCE.match(value):
                problems.append(f"{name}: {key} is not a ${{VAR}} reference")
            password = CREDENTIALS_IN_URL.search(value)
            if password and not password.group(1).startswith("${"):
                problems.append(f"{name}: {key} has a literal password")
            if PLACEHOLDER in value:
                problems.append(f"{name}: {key} holds a placeholder; it belongs in deploy/.env")
    return problems


def compose_rasa_problems(compose: dict[str, Any], endpoints_text: str) -> list[str]:
    services = compose.get("services") or {}
    rasa = {name: service for name, service in services.items() if name.startswith("rasa")}
    problems = []
    if len(rasa) < 2:
        problems.append(f"{len(rasa)} Rasa service(s); the topology needs at least 2")
    ports = {option([str(word) for word in service.get("command") or []], "--port") or "5005" for service in rasa.values()}
    expected = [f"http://{name}:{port}" for name in sorted(rasa) for port in ports]
    listed = [url.strip() for url in compose_env(services.get("web") or {}).get("RASA_URLS", "").split(",") if url.strip()]
    if listed != expected:
        problems.append(f"web's RASA_URLS is {listed}, the Rasa services are {expected}")
    for name, service in rasa.items():
        command = [str(word) for word in service.get("command") or []]
        if command[:4] != ["python", "-m", "bot.rasa_ext", "run"]:
            problems.append(f"{name}: command is not `python -m bot.rasa_ext run`")
        for forbidden in ("--enable-api", "--cors", "--auth-token", "--jwt-secret", "--debug"):
            if any(word == forbidden or word.startswith(forbidden + "=") for word in command):
                problems.append(f"{name}: started with {forbidden}")
        if option(command, "--endpoints") != "deploy/endpoints.production.yml":
            problems.append(f"{name}: does not read deploy/endpoints.production.yml")
        env = compose_env(service)
        problems += [f"{name}: {problem}" for problem in endpoints_problems(endpoints_text, env)]
        if not env.get("TRACKER_STORE_URL", "").startswith("postgresql://"):
            problems.append(f"{name}: TRACKER_STORE_URL is not a postgresql:// URL")
        if env.get("RASA_TELEMETRY_ENABLED") != "false":
            problems.append(f"{name}: RASA_TELEMETRY_ENABLED is not 'false'")
        if env.get("LOG_LEVEL", "INFO").upper() not in ("INFO", "WARNING", "ERROR"):
            problems.append(f"{name}: LOG_LEVEL is {env.get('LOG_LEVEL')}")
    return problems


def env_example_problems(compose_text: str, example_text: str) -> list[str]:
    example = dict(line.split("=", 1) for line in example_text.splitlines() if "=" in line and not line.startswith("#"))
    problems = []
    for required in sorted(set(re.findall(r"\$\{([A-Z_][A-Z0-9_]*):\?", compose_text))):
        if required not in example:
            problems.append(f".env.example lacks {required}, which compose.yaml requires")
    for key, value in example.items():
        if SECRET_NAME.search(key) and value.strip() != PLACEHOLDER:
            problems.append(f".env.example: {key} is not {PLACEHOLDER}")
    return problems


COMPOSE_CHECKS: dict[str, Callable[[dict[str, Any]], list[str]]] = {
    "exposure": compose_exposure_problems,
    "healthchecks": compose_healthcheck_problems,
    "non_root": compose_root_problems,
    "only_references": compose_secret_problems,
    "rasa": lambda compose: compose_rasa_problems(compose, ENDPOINTS_FILE.read_text(encoding="utf-8")),
}


# -- the tests ---------------------------------------------------------------------------
@pytest.mark.parametrize("version", KUBERNETES_VERSIONS)
def test_every_rendered_object_matches_the_kubernetes_schema(manifests, tools, tmp_path, version):
    rendered = tmp_path / "rendered.yaml"
    rendered.write_text(yaml.safe_dump_all(manifests, sort_keys=False))
    for path, count in [(rendered, len(manifests))] + [(p, sum(1 for d in yaml.safe_load_all(p.read_text()) if d))
                                                       for p in OPTIONAL_MANIFESTS]:
        result = subprocess.run([str(tools / "kubernetes-validate"), "--strict", "-k", version, str(path)],
                                capture_output=True, text=True, timeout=300)
        output = result.stdout + result.stderr
        assert result.returncode == 0, f"{path.name} against Kubernetes {version}:\n{output}"
        # A kind without a schema is only a warning for the tool; every object must really pass.
        passed = len(re.findall(r" passed for resource ", output))
        assert passed == count, f"{path.name}: {passed} of {count} objects validated:\n{output}"


def test_the_schema_validator_rejects_a_misspelt_field(manifests, tools, tmp_path):
    broken = copy.deepcopy(manifests)
    rasa = rasa_workload(broken)
    rasa["spec"]["template"]["spec"]["containers"][0]["readinesProbe"] = {"httpGet": {"path": "/", "port": 5005}}
    path = tmp_path / "broken.yaml"
    path.write_text(yaml.safe_dump_all(broken, sort_keys=False))
    result = subprocess.run([str(tools / "kubernetes-validate"), "--strict", "-k", KUBERNETES_VERSIONS[-1], str(path)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode != 0 and "readinesProbe" in result.stdout + result.stderr


def test_compose_file_matches_the_compose_spec_schema(tools, tmp_path):
    command = [str(tools / "check-jsonschema"), "--builtin-schema", "vendor.compose-spec"]
    result = subprocess.run(command + [str(COMPOSE_FILE)], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    broken = tmp_path / "compose.yaml"
    broken.write_text(COMPOSE_FILE.read_text().replace("    healthcheck:\n      test: [\"CMD\", \"pg_isready\"",
                                                       "    healthcheck:\n      tset: [\"CMD\", \"pg_isready\"", 1))
    assert broken.read_text() != COMPOSE_FILE.read_text()
    assert subprocess.run(command + [str(broken)], capture_output=True, timeout=300).returncode != 0


@pytest.mark.parametrize("check", sorted(KUBERNETES_CHECKS))
def test_kubernetes_manifests(manifests, check):
    assert KUBERNETES_CHECKS[check](manifests) == []


def test_optional_manifests_follow_the_same_rules(manifests):
    optional = [document for path in OPTIONAL_MANIFESTS for document in yaml.safe_load_all(path.read_text()) if document]
    assert optional, "deploy/kubernetes/optional/ is empty"
    combined = manifests + optional
    for check in (resource_problems, root_problems, secret_leak_problems, reference_problems, pod_security_problems):
        assert check(combined) == [], check.__name__


@pytest.mark.parametrize("check", sorted(COMPOSE_CHECKS))
def test_compose_file(compose, check):
    assert COMPOSE_CHECKS[check](compose) == []


def test_env_example_holds_only_placeholders_for_what_compose_requires():
    assert env_example_problems(COMPOSE_FILE.read_text(), ENV_EXAMPLE.read_text()) == []


def test_production_endpoints_give_rasa_a_redis_lock_store_and_the_secret_header(monkeypatch, endpoints):
    """Read by Rasa's own code, as `rasa run --endpoints deploy/endpoints.production.yml` does."""
    from rasa.core.lock_store import LockStore, RedisLockStore
    from rasa.core.tracker_store import SQLTrackerStore
    from rasa.core.utils import AvailableEndpoints
    from rasa.shared.utils.common import class_from_module_path

    assert endpoints["lock_store"]["type"] == "redis"
    values = {"ACTION_ENDPOINT_URL": "http://actions:5055/webhook", "ACTION_SECRET": "action-secret",
              "TRACKER_STORE_URL": "postgresql://rasa:pw@db.internal:5432/tracker", "REDIS_HOST": "redis.internal",
              "REDIS_PORT": "6380", "REDIS_DB": "2", "REDIS_PASSWORD": "redis-pw"}
    assert set(values) == endpoint_variables(ENDPOINTS_FILE.read_text())
    for name, value in values.items():
        monkeypatch.setenv(name, value)
    loaded = AvailableEndpoints.read_endpoints(str(ENDPOINTS_FILE))
    assert loaded.action.url == values["ACTION_ENDPOINT_URL"]
    assert loaded.action.headers == {"X-Action-Secret": "action-secret"}
    assert (loaded.tracker_store.type, loaded.tracker_store.url) == (TRACKER_STORE_TYPE, values["TRACKER_STORE_URL"])
    # Rasa falls back to an in-memory store, with only a warning, when the class does not import.
    assert issubclass(class_from_module_path(loaded.tracker_store.type), SQLTrackerStore)
    lock_store = LockStore.create(loaded.lock_store)  # redis-py connects lazily: no server needed
    assert isinstance(lock_store, RedisLockStore)
    assert lock_store.key_prefix == "clinic:lock:"  # keys clinic:lock:<conversation id>, as seen in Redis
    connection = lock_store.red.connection_pool.connection_kwargs
    assert (connection["host"], connection["port"], connection["db"], connection["password"]) == (
        "redis.internal", 6380, 2, "redis-pw")


def test_dockerfile_builds_a_non_root_image_from_the_pinned_requirements():
    text = DOCKERFILE.read_text()
    assert re.search(r"^ARG PYTHON_IMAGE=python:3\.10-slim", text, re.M)
    assert "pip install -r requirements.txt -c constraints.txt" in text
    assert "python -m bot.ops.cli train" in text  # the model is trained at build time (docs/deploy.md)
    users = re.findall(r"^USER\s+(\S+)", text, re.M)
    assert users and users[-1].split(":")[0].isdigit() and int(users[-1].split(":")[0]) != 0, users
    ignored = (DEPLOY / "Dockerfile.dockerignore").read_text().split()
    for pattern in (".venv", ".git", "deploy/.env", ".env", "var", "models"):
        assert pattern in ignored, f"{pattern} would be sent to the image build"


# -- proof that each check can fail ------------------------------------------------------
def _component(objects: list[dict[str, Any]], component: str) -> dict[str, Any]:
    return next(item for item in objects if item.get("kind") in WORKLOAD_KINDS
                and pod_labels(item).get("app.kubernetes.io/component") == component)


def _first_container(objects: list[dict[str, Any]], component: str) -> dict[str, Any]:
    return _component(objects, component)["spec"]["template"]["spec"]["containers"][0]


def _config(objects: list[dict[str, Any]]) -> dict[str, str]:
    return objects_of(objects, "ConfigMap")[0]["data"]


def _policy(objects: list[dict[str, Any]], name: str) -> dict[str, Any]:
    return named(objects, "NetworkPolicy", name)


def _expose_rasa(objects: list[dict[str, Any]]) -> None:
    service = copy.deepcopy(named(objects, "Service", "rasa"))
    service["metadata"]["name"] = "rasa-public"
    service["spec"] = {"type": "LoadBalancer", "selector": service["spec"]["selector"], "ports": [{"port": 5005}]}
    objects.append(service)


def _route_ingress_to_rasa(objects: list[dict[str, Any]]) -> None:
    objects_of(objects, "Ingress")[0]["spec"]["rules"][0]["http"]["paths"][0]["backend"]["service"]["name"] = "rasa"


def _open_rasa_to_everyone(objects: list[dict[str, Any]]) -> None:
    _policy(objects, "rasa-from-web")["spec"]["ingress"][0].pop("from")


def _let_actions_reach_rasa(objects: list[dict[str, Any]]) -> None:
    _policy(objects, "rasa-from-web")["spec"]["ingress"][0]["from"][0]["podSelector"]["matchLabels"] = {
        "app.kubernetes.io/name": "clinic-assistant"}


KUBERNETES_BREAKAGES: list[tuple[str, str, Callable[[list[dict[str, Any]]], None]]] = [
    ("exposure", "a LoadBalancer Service for Rasa", _expose_rasa),
    ("exposure", "the Ingress routes to Rasa", _route_ingress_to_rasa),
    ("probes", "the action server loses its readiness probe", lambda o: _first_container(o, "actions").pop("readinessProbe")),
    ("probes", "Rasa loses its liveness probe", lambda o: _first_container(o, "rasa").pop("livenessProbe")),
    ("resources", "Rasa has no memory limit", lambda o: _first_container(o, "rasa")["resources"]["limits"].pop("memory")),
    ("non_root", "the web container runs as uid 0",
     lambda o: _first_container(o, "web")["securityContext"].update(runAsUser=0)),
    ("non_root", "Rasa's root filesystem is writable",
     lambda o: _first_container(o, "rasa")["securityContext"].update(readOnlyRootFilesystem=False)),
    ("pod_security", "the namespace no longer enforces 'restricted'",
     lambda o: objects_of(o, "Namespace")[0]["metadata"]["labels"].clear()),
    ("no_secret_in_config", "SESSION_SECRET copied into the ConfigMap", lambda o: _config(o).update(SESSION_SECRET="x")),
    ("no_secret_in_config", "a database URL with its password in the ConfigMap",
     lambda o: _config(o).update(DATABASE_URL="postgresql://app:pw@db/clinic")),
    ("no_secret_in_config", "ACTION_SECRET as a literal env value",
     lambda o: _first_container(o, "actions")["env"].append({"name": "ACTION_SECRET", "value": "x"})),
    ("secret_placeholders", "a real-looking value in the Secret",
     lambda o: objects_of(o, "Secret")[0]["stringData"].update(ACTION_SECRET="9f2c4e")),
    ("secret_placeholders", "a real password inside a placeholder URL",
     lambda o: objects_of(o, "Secret")[0]["stringData"].update(
         DATABASE_URL="postgresql://app:hunter2@db/clinic?note=CHANGE-ME")),
    ("references", "a Secret key that does not exist",
     lambda o: _first_container(o, "web")["env"][1]["valueFrom"]["secretKeyRef"].update(key="NOPE")),
    ("references", "service links on", lambda o: _component(o, "web")["spec"]["template"]["spec"].pop("enableServiceLinks")),
    ("rasa_urls", "three Rasa replicas but two RASA_URLS", lambda o: _component(o, "rasa")["spec"].update(replicas=3)),
    ("rasa_urls", "RASA_URLS points at a Service instead of the replicas",
     lambda o: _config(o).update(RASA_URLS="http://rasa:5005")),
    ("rasa_server", "Rasa started with --enable-api", lambda o: _first_container(o, "rasa")["command"].append("--enable-api")),
    ("rasa_server", "Rasa reads the development endpoints.yml",
     lambda o: _first_container(o, "rasa")["command"].__setitem__(-1, "endpoints.yml")),
    ("rasa_server", "telemetry on", lambda o: _config(o).update(RASA_TELEMETRY_ENABLED="true")),
    ("rasa_server", "REDIS_HOST missing from Rasa's environment", lambda o: _config(o).pop("REDIS_HOST")),
    ("rasa_server", "a SQLite tracker store",
     lambda o: objects_of(o, "Secret")[0]["stringData"].update(TRACKER_STORE_URL="sqlite:///CHANGE-ME.db")),
    ("network_policies", "Rasa open to every source", _open_rasa_to_everyone),
    ("network_policies", "the action server reachable from the web app",
     lambda o: _policy(o, "actions-from-rasa")["spec"]["ingress"][0]["from"][0]["podSelector"]["matchLabels"].update(
         {"app.kubernetes.io/component": "web"})),
    ("network_policies", "Rasa reachable from every pod of the app", _let_actions_reach_rasa),
    ("network_policies", "no default deny", lambda o: o.remove(_policy(o, "default-deny-ingress"))),
]


def _compose_service(compose: dict[str, Any], name: str) -> dict[str, Any]:
    return compose["services"][name]


COMPOSE_BREAKAGES: list[tuple[str, str, Callable[[dict[str, Any]], None]]] = [
    ("exposure", "Rasa publishes its port", lambda c: _compose_service(c, "rasa-0").update(ports=["5005:5005"])),
    ("exposure", "Redis on the outward network", lambda c: _compose_service(c, "redis").update(networks=["frontend"])),
    ("healthchecks", "the action server without a healthcheck", lambda c: _compose_service(c, "actions").pop("healthcheck")),
    ("non_root", "the web app as root", lambda c: _compose_service(c, "web").update(user="0:0")),
    ("non_root", "PostgreSQL as the image's default user", lambda c: _compose_service(c, "postgres").pop("user")),
    ("only_references", "a literal SESSION_SECRET",
     lambda c: _compose_service(c, "rasa-0")["environment"].update(SESSION_SECRET="s3cret")),
    ("only_references", "a literal database password",
     lambda c: _compose_service(c, "web")["environment"].update(DATABASE_URL="postgresql://clinic:pw@postgres/clinic")),
    ("rasa", "a third Rasa service not in RASA_URLS",
     lambda c: c["services"].update({"rasa-2": copy.deepcopy(_compose_service(c, "rasa-0"))})),
    ("rasa", "--enable-api", lambda c: _compose_service(c, "rasa-1")["command"].append("--enable-api")),
    ("rasa", "telemetry on", lambda c: _compose_service(c, "rasa-0")["environment"].update(RASA_TELEMETRY_ENABLED="true")),
    ("rasa", "no Redis password for the lock store",
     lambda c: _compose_service(c, "rasa-0")["environment"].pop("REDIS_PASSWORD")),
]


@pytest.mark.parametrize("check,breakage,break_it", KUBERNETES_BREAKAGES,
                         ids=[f"k8s-{check}-{breakage}" for check, breakage, _ in KUBERNETES_BREAKAGES])
def test_each_kubernetes_check_catches_a_broken_copy(manifests, check, breakage, break_it):
    broken = copy.deepcopy(manifests)
    break_it(broken)
    assert KUBERNETES_CHECKS[check](broken), f"the {check} check missed: {breakage}"


@pytest.mark.parametrize("check,breakage,break_it", COMPOSE_BREAKAGES,
                         ids=[f"compose-{check}-{breakage}" for check, breakage, _ in COMPOSE_BREAKAGES])
def test_each_compose_check_catches_a_broken_copy(compose, check, breakage, break_it):
    broken = copy.deepcopy(compose)
    break_it(broken)
    assert COMPOSE_CHECKS[check](broken), f"the {check} check missed: {breakage}"


@pytest.mark.parametrize("breakage,text", [
    ("in-memory lock store", lambda t: t.replace("type: redis", "type: in_memory")),
    ("lock store without key prefix", lambda t: t.replace("  key_prefix: clinic\n", "")),
    ("tracker store by fields instead of url", lambda t: t.replace("url: ${TRACKER_STORE_URL}", "dialect: postgresql")),
    ("no secret header", lambda t: t.replace("X-Action-Secret: ${ACTION_SECRET}", "X-Other: x")),
    ("a variable Rasa's environment lacks", lambda t: t + "\nevent_broker:\n  url: ${BROKER_URL}\n"),
    ("broken YAML", lambda t: t + "\nlock_store: [\n"),
])
def test_the_endpoints_check_catches_a_broken_file(breakage, text):
    env = dict.fromkeys(endpoint_variables(ENDPOINTS_FILE.read_text()), "x")
    assert endpoints_problems(ENDPOINTS_FILE.read_text(), env) == []
    assert endpoints_problems(text(ENDPOINTS_FILE.read_text()), env), breakage


def test_the_env_example_check_catches_a_real_value_and_a_missing_variable():
    compose_text, example = COMPOSE_FILE.read_text(), ENV_EXAMPLE.read_text()
    assert env_example_problems(compose_text, example.replace("ACTION_SECRET=CHANGE-ME", "ACTION_SECRET=4f1b"))
    assert env_example_problems(compose_text, example.replace("REDIS_PASSWORD=CHANGE-ME\n", ""))


# -- the spool relay (deploy/spool_relay.py) ---------------------------------------------
def _relay_env(tmp_path: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key not in ("STAFF_WEBHOOK_URL", "STAFF_WEBHOOK_SECRET")}
    env.update(DATA_DIR=str(tmp_path / "data"), DATABASE_URL=f"sqlite:///{tmp_path / 'handoffs.db'}",
               RELAY_HEARTBEAT=str(tmp_path / "heartbeat"), PYTHONPATH=str(ROOT), LOG_LEVEL="WARNING")
    return env


def _spool_urgent_handoff(data_dir: Path) -> Path:
    """What bot/handoffs/safety_net.py writes when the action server is down and a patient reports an urgent sign."""
    from dataclasses import asdict

    from bot.handoffs.spool import Spool
    from bot.handoffs.store import HandoffRequest

    request = HandoffRequest(conversation_id="relay-test", reason="symptom", urgency="urgent", channel="widget",
                             triage_level="urgent", triage_signs=["fever"], days_since_treatment=1,
                             transcript=[{"sender": "patient", "text": "fever", "time": "2026-01-01T00:00:00+00:00"}])
    return Spool(data_dir / "spool").put({"op": "open", "request": asdict(request)})


def _handoffs(tmp_path: Path) -> list[tuple[str, str, str]]:
    import sqlalchemy as sa

    engine = sa.create_engine(f"sqlite:///{tmp_path / 'handoffs.db'}")
    try:
        with engine.connect() as connection:
            return [tuple(row) for row in connection.execute(sa.text(
                "SELECT conversation_id, reason, urgency FROM handoffs"))]
    finally:
        engine.dispose()


def test_relay_lands_a_handoff_spooled_by_the_chat_channel_and_one_left_claimed(tmp_path):
    spooled = _spool_urgent_handoff(tmp_path / "data")
    # A replayer killed mid-apply leaves the file renamed to .NAME.PID.claimed (bot/handoffs/spool.py).
    orphan = spooled.with_name(f".{spooled.name}.4242.claimed")
    spooled.rename(orphan)
    result = subprocess.run([sys.executable, str(RELAY), "--once"], cwd=ROOT, env=_relay_env(tmp_path),
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert _handoffs(tmp_path) == [("relay-test", "symptom", "urgent")]
    assert not any((tmp_path / "data" / "spool").glob("*.json")) and not orphan.exists()
    check = subprocess.run([sys.executable, str(RELAY), "--check"], env=_relay_env(tmp_path), capture_output=True, timeout=60)
    assert check.returncode == 0


def test_relay_keeps_the_spool_while_the_database_is_down_and_goes_stale_without_a_heartbeat(tmp_path):
    _spool_urgent_handoff(tmp_path / "data")
    env = {**_relay_env(tmp_path), "DATABASE_URL": "postgresql://nobody@127.0.0.1:9/none?connect_timeout=1"}
    result = subprocess.run([sys.executable, str(RELAY), "--once"], cwd=ROOT, env=env, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 1, result.stdout + result.stderr  # still waiting
    assert len(list((tmp_path / "data" / "spool").glob("*.json"))) == 1
    heartbeat = tmp_path / "heartbeat"
    assert subprocess.run([sys.executable, str(RELAY), "--check"], env=env, capture_output=True, timeout=60).returncode == 0
    old = time.time() - 3600
    os.utime(heartbeat, (old, old))
    stale = subprocess.run([sys.executable, str(RELAY), "--check"], env=env, capture_output=True, text=True, timeout=60)
    assert stale.returncode == 1 and "old" in stale.stderr
    heartbeat.unlink()
    assert subprocess.run([sys.executable, str(RELAY), "--check"], env=env, capture_output=True, timeout=60).returncode == 1
