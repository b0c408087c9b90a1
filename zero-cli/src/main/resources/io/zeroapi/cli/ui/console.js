// The Zero console's page: lists the server's functions from /api/contract, calls them through
// /api/call, keeps a history of the last calls. Plain JavaScript, no framework, no build step.
"use strict";

const HISTORY_SIZE = 20;
const BACK_NOTICE_MILLIS = 10000;
const $ = (id) => document.getElementById(id);

const state = {
  info: null,          // the last /api/contract reply that had a contract
  contractText: null,  // its contract as text, to re-render only when it changes
  selected: null,      // the selected function's view, or null
  up: null,            // true, false, or null before the first answer
  backAt: 0,           // when the server came back (Date.now()), to say so for a while
  pollMillis: 2000,
  timeoutShown: false, // whether the console's default timeout was put in the field
  history: [],
};

function element(tag, className, text) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

function signature(f) {
  const parameter = f.argumentType === undefined ? "" : (f.parameter ? f.parameter + ": " : "") + f.argumentType;
  return f.name + "(" + parameter + ") → " + f.resultType + (f.async ? "  (async)" : "");
}

// ---- the server's status and contract ----

async function refresh() {
  let reply;
  try {
    const response = await fetch("api/contract", { cache: "no-store" });
    reply = await response.json();
  } catch (e) {
    showStatus("down", "The console itself does not answer (is ./zero ui still running?). Retrying…");
    state.up = false;
    return;
  }
  state.pollMillis = reply.pollMillis || state.pollMillis;
  if (!state.timeoutShown) { // once: later polls must not refill a field the user is editing
    $("timeout").value = reply.timeoutMillis;
    state.timeoutShown = true;
  }
  if (reply.ok) {
    if (state.up === false) state.backAt = Date.now();
    state.up = true;
    state.info = reply;
    const c = reply.contract;
    const back = Date.now() - state.backAt < BACK_NOTICE_MILLIS;
    showStatus("up", (back ? "The server is back. " : "") + "Connected to " + reply.server + " (" + reply.protocol + "): "
      + (c.serverName || "server") + " " + (c.serverVersion || "") + ", " + c.functions.length + " functions.");
    const text = JSON.stringify(c);
    if (text !== state.contractText) {
      state.contractText = text;
      renderFunctions(c);
    }
  } else if (reply.errorKind === "no-contract") {
    state.up = true;
    showStatus("nocontract", reply.errorText);
  } else {
    state.up = false;
    showStatus("down", "Cannot reach the server at " + reply.server + " (" + reply.protocol + "): " + reply.errorText
      + " Retrying every " + Math.round(state.pollMillis / 100) / 10 + " s; the page recovers when it is back.");
  }
}

function showStatus(kind, text) {
  const status = $("status");
  status.className = "status " + kind;
  status.textContent = text;
}

async function poll() {
  await refresh();
  setTimeout(poll, state.pollMillis);
}

function renderFunctions(contract) {
  const list = $("functions");
  list.replaceChildren();
  for (const f of contract.functions) {
    const item = element("li");
    item.dataset.function = f.name;
    item.append(element("span", "fname", f.name), element("span", "fsig", signature(f).substring(f.name.length)));
    item.addEventListener("click", () => select(f.name, true));
    list.append(item);
  }
  if (contract.functions.length === 0) list.append(element("li", "empty", "The server serves no function."));
  const current = $("function-name").value.trim();
  if (current && find(current)) select(current, false);
  else if (!current && contract.functions.length > 0) select(contract.functions[0].name, true);
}

function find(name) {
  return state.info ? state.info.contract.functions.find((f) => f.name === name) || null : null;
}

// Selects a function: its signature, the definitions it uses, and (if asked) its example argument.
function select(name, withExample) {
  const f = find(name);
  state.selected = f;
  $("function-name").value = name;
  for (const item of $("functions").children) item.classList.toggle("selected", item.dataset.function === name);
  $("signature").textContent = f ? signature(f) : "";
  renderTypes(f);
  const argument = $("argument");
  if (f && f.argumentType === undefined) {
    argument.value = "";
    argument.disabled = true;
    argument.placeholder = name + " takes no argument";
  } else {
    argument.disabled = false;
    argument.placeholder = "a JSON value, e.g. \"hi\", 42, [1, 2], {\"key\": 1}";
    if (withExample && f) argument.value = f.example;
  }
}

function renderTypes(f) {
  const types = $("types");
  types.replaceChildren();
  if (!f) return;
  for (const name of f.uses) {
    const d = state.info.contract.definitions[name];
    if (!d) continue;
    const table = element("table");
    table.dataset.definition = name;
    if (d.kind === "enum") {
      table.append(element("caption", null, name + " (enum)"));
      const row = table.insertRow();
      row.insertCell().textContent = "one of";
      row.insertCell().textContent = d.values.map((v) => JSON.stringify(v)).join(" | ");
    } else {
      table.append(element("caption", null, name + " (record)"));
      for (const field of d.fields) {
        const row = table.insertRow();
        row.insertCell().textContent = field.name;
        const type = row.insertCell();
        type.textContent = field.type + (field.required ? "" : "  (optional)");
        if (!field.required) type.className = "optional";
      }
    }
    types.append(table);
  }
}

// ---- calls ----

async function call() {
  const name = $("function-name").value.trim();
  const argumentText = $("argument").disabled ? "" : $("argument").value;
  const timeoutMillis = Number($("timeout").value);
  if (!name) {
    showResult({ ok: false, errorKind: "bad-request", errorText: "Pick a function on the left or type its name." });
    return;
  }
  if (!Number.isInteger(timeoutMillis) || timeoutMillis <= 0) {
    showResult({ ok: false, errorKind: "bad-request", errorText: "The timeout must be a positive whole number of milliseconds." });
    return;
  }
  if (argumentText.trim() !== "") {
    try {
      JSON.parse(argumentText);
    } catch (e) {
      showResult({ ok: false, errorKind: "invalid-json",
        errorText: "The argument is not valid JSON, so nothing was sent (strings need double quotes: \"hi\"): " + e.message });
      return;
    }
  }
  const button = $("call");
  button.disabled = true;
  button.textContent = "Calling…";
  let reply;
  try {
    const response = await fetch("api/call", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ function: name, argumentJson: argumentText, timeoutMillis }),
    });
    reply = await response.json();
  } catch (e) {
    reply = { ok: false, errorKind: "connection", errorText: "The console itself does not answer (is ./zero ui still running?): " + e.message };
  } finally {
    button.disabled = false;
    button.textContent = "Call";
  }
  showResult(reply);
  remember(name, argumentText, reply);
  if (!reply.ok && (reply.errorKind === "connection" || reply.errorKind === "timeout")) refresh();
}

function showResult(reply) {
  const result = $("result");
  result.hidden = false;
  result.classList.toggle("failed", !reply.ok);
  const badge = $("result-status");
  badge.textContent = reply.ok ? "ok" : reply.errorKind;
  badge.className = "badge" + (reply.ok ? " ok" : "");
  $("result-time").textContent = reply.elapsedMicros === undefined ? "not sent" : formatMicros(reply.elapsedMicros);
  const path = $("result-path");
  path.hidden = !reply.path;
  path.textContent = reply.path ? "at " + reply.path : "";
  $("result-body").textContent = reply.ok ? reply.resultJson : reply.errorText;
  $("command-row").hidden = !reply.command;
  $("command").textContent = reply.command || "";
}

function formatMicros(micros) {
  if (micros < 1000) return micros + " µs";
  if (micros < 1000000) return (micros / 1000).toFixed(micros < 10000 ? 2 : 1) + " ms";
  return (micros / 1000000).toFixed(2) + " s";
}

function remember(name, argumentText, reply) {
  state.history.unshift({ name, argumentText, reply, at: new Date() });
  state.history.length = Math.min(state.history.length, HISTORY_SIZE);
  const list = $("history");
  list.replaceChildren();
  for (const entry of state.history) {
    const item = element("li");
    item.dataset.function = entry.name;
    const outcome = element("span", "outcome" + (entry.reply.ok ? " ok" : ""), entry.reply.ok ? "ok" : entry.reply.errorKind);
    const when = entry.at.toLocaleTimeString() + (entry.reply.elapsedMicros === undefined ? "" : " · " + formatMicros(entry.reply.elapsedMicros));
    item.append(outcome, element("span", "fname", entry.name), element("span", "when", when));
    item.title = entry.argumentText;
    item.addEventListener("click", () => {
      select(entry.name, false);
      if (!$("argument").disabled) $("argument").value = entry.argumentText;
      showResult(entry.reply);
    });
    list.append(item);
  }
}

async function copyCommand() {
  const text = $("command").textContent;
  try {
    await navigator.clipboard.writeText(text);
    $("copy").textContent = "Copied";
  } catch (e) {
    const range = document.createRange();
    range.selectNodeContents($("command"));
    getSelection().removeAllRanges();
    getSelection().addRange(range);
    $("copy").textContent = "Selected";
  }
  setTimeout(() => { $("copy").textContent = "Copy"; }, 1500);
}

document.addEventListener("DOMContentLoaded", () => {
  $("call").addEventListener("click", call);
  $("copy").addEventListener("click", copyCommand);
  $("reset-example").addEventListener("click", () => {
    const f = find($("function-name").value.trim());
    if (f) select(f.name, true);
  });
  $("function-name").addEventListener("change", () => select($("function-name").value.trim(), true));
  $("argument").addEventListener("keydown", (e) => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) call();
  });
  $("history").append(element("li", "empty", "No calls yet."));
  poll();
});
