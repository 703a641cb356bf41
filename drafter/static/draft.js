// The draft page: brief -> streamed ad -> findings highlighted in place -> edit, fix, re-check,
// download. Offsets from the server are UTF-16 spans (`span`), which is what JS strings index.
"use strict";

(() => {
  const { t } = window.I18N;
  const { el, api, apiJson, errorFrom, showMessage, saveBlob } = window.Drafter;
  const $ = (sel) => document.querySelector(sel);

  const LIST_FIELDS = new Set(["tools", "duties", "benefits", "requirements.must_have",
    "requirements.preferred", "requirements.nice_to_have", "requirements.unlabelled",
    "pay.extras"]);
  const NUMBER_FIELDS = new Set(["headcount", "pay.min", "pay.max"]);
  const LEVELS = ["error", "warning", "notice"];
  const RECHECK_AFTER_MS = 700;

  const state = {
    text: "",          // the ad as it stands (edited or not)
    check: null,       // the last report, for state.checkedText
    checkedText: null,
    brief: null,       // the brief the ad was drafted from (re-checks use it)
    language: "en",
    board: null,       // a job board whose profile re-checks add (drafter/rules/boards.yaml)
    sources: [],
    result: null,
    mode: "review",
    streaming: false,
    controller: null,
    started: 0,
    timer: null,
    status: null,      // [key, vars] so a page-language switch can re-render it
    openFor: null,     // the mark the popover belongs to
  };

  // --- the brief form -------------------------------------------------------------------------

  function setPath(obj, path, value) {
    const parts = path.split(".");
    let node = obj;
    parts.slice(0, -1).forEach((p) => { node = node[p] = node[p] || {}; });
    node[parts[parts.length - 1]] = value;
  }

  function getPath(obj, path) {
    return path.split(".").reduce((node, p) => (node == null ? undefined : node[p]), obj);
  }

  function collectBrief() {
    const form = $("#brief-form");
    const data = {};
    for (const input of form.querySelectorAll("[name]")) {
      if (input.name === "channels") continue;
      let value = input.value.trim();
      if (!value) continue;
      if (LIST_FIELDS.has(input.name)) {
        value = value.split(/\n+/).map((s) => s.replace(/^\s*[-*•·]\s*/, "").trim())
          .filter(Boolean);
        if (!value.length) continue;
      } else if (NUMBER_FIELDS.has(input.name)) {
        const n = Number(value);
        value = Number.isFinite(n) ? n : value;
      }
      setPath(data, input.name, value);
    }
    const channels = [...form.querySelectorAll('input[name="channels"]:checked')]
      .map((i) => i.value);
    if (channels.length) data.channels = channels;
    const pay = data.pay;
    if (pay && pay.min === undefined && pay.max === undefined && !pay.text) delete data.pay;
    if (data.arrangement && !data.arrangement.kind) delete data.arrangement;
    return data;
  }

  function fillForm(brief) {
    const form = $("#brief-form");
    clearFieldErrors();
    form.reset();
    for (const input of form.querySelectorAll("[name]")) {
      if (input.name === "channels") {
        input.checked = (brief.channels || []).includes(input.value);
        continue;
      }
      const value = getPath(brief, input.name);
      if (value === undefined || value === null || value === "") continue;
      if (input.tagName === "SELECT" && ![...input.options].some((o) => o.value === value)) {
        continue;
      }
      input.value = Array.isArray(value) ? value.join("\n") : String(value);
    }
  }

  function clearFieldErrors() {
    document.querySelectorAll(".to-check").forEach((n) => { n.classList.remove("to-check"); n.removeAttribute("title"); });
    document.querySelectorAll(".field-check").forEach((n) => n.remove());
    document.querySelectorAll("[aria-invalid=true]").forEach((n) => {
      n.removeAttribute("aria-invalid");
      const note = document.getElementById(`${n.id}-error`);
      if (note) note.remove();
    });
  }

  // A 422 names a field ("company.name", "requirements.must_have.2", "pay"): mark its input.
  function markField(field, message) {
    if (!field) return;
    const parts = field.split(".").filter((p) => !/^\d+$/.test(p));
    const form = $("#brief-form");
    let input = null;
    while (parts.length && !input) {
      const name = parts.join(".");
      input = form.querySelector(`[name="${CSS.escape(name)}"]`)
        || form.querySelector(`[name^="${CSS.escape(name + ".")}"]`);
      parts.pop();
    }
    if (!input) return;
    selectTab("form");
    input.setAttribute("aria-invalid", "true");
    const note = el("p", { class: "field-error", id: `${input.id}-error` }, message);
    input.closest(".field").append(note);
    input.setAttribute("aria-describedby", note.id);
    input.scrollIntoView({ block: "center" });
    input.focus({ preventScroll: true });
  }

  // Fields the reader found missing or ambiguous in a note: marked for the recruiter to check,
  // without taking the focus (a 422's error does that).
  function flagField(field, message) {
    const form = $("#brief-form");
    const name = field === "note" ? null : field.replace(/^how_to_apply$/, "how_to_apply.email")
      .replace(/^requirements$/, "requirements.must_have").replace(/^pay\.period$/, "pay.period");
    const input = name && (form.querySelector(`[name="${CSS.escape(name)}"]`)
      || form.querySelector(`[name^="${CSS.escape(name + ".")}"]`));
    if (!input) return;
    input.classList.add("to-check");
    input.setAttribute("title", message);
    const holder = input.closest(".field");
    if (holder && !holder.querySelector(".field-check")) {
      holder.append(el("p", { class: "field-check" }, message));
    }
  }

  // --- tabs (form / short note) ------------------------------------------------------------------

  function selectTab(which) {
    const tabs = { form: [$("#tab-form"), $("#brief-form")], note: [$("#tab-note"), $("#brief-note")] };
    for (const [name, [tab, panel]] of Object.entries(tabs)) {
      const on = name === which;
      tab.setAttribute("aria-selected", String(on));
      tab.tabIndex = on ? 0 : -1;
      panel.hidden = !on;
    }
  }

  function activeTab() {
    return $("#tab-note").getAttribute("aria-selected") === "true" ? "note" : "form";
  }

  // --- status line ----------------------------------------------------------------------------------

  function setStatus(key, vars, busy) {
    state.status = key ? [key, vars || {}, Boolean(busy)] : null;
    renderStatus();
  }

  function renderStatus() {
    const box = $("#status");
    box.replaceChildren();
    if (!state.status) return;
    const [key, vars, busy] = state.status;
    if (busy) box.append(el("span", { class: "spinner", "aria-hidden": "true" }));
    box.append(el("span", {}, t(key, vars)));
    if (vars.tokens) box.append(el("span", { class: "muted" }, ` · ${t("step.tokens", { n: vars.tokens })}`));
  }

  // --- drafting -------------------------------------------------------------------------------------

  function radio(name) {
    return document.querySelector(`input[name="${name}"]:checked`).value;
  }

  async function draft() {
    if (state.streaming) return;
    $("#message").hidden = true;
    clearFieldErrors();
    const payload = { language: radio("language"), tone: radio("tone") };
    if (activeTab() === "note") payload.text = $("#note").value;
    else payload.brief = collectBrief();
    state.controller = new AbortController();
    state.streaming = true;
    state.started = performance.now();
    state.result = null;
    state.check = null;
    state.text = "";
    closePopover();
    setBusy(true);
    setStatus("step.model", {}, true);
    const preview = $("#preview");
    preview.lang = payload.language;
    preview.classList.add("streaming");
    preview.replaceChildren();
    setMode("review");
    renderSide();
    try {
      const response = await api("/api/draft", { json: payload, signal: state.controller.signal });
      await readEvents(response, handleEvent);
    } catch (e) {
      if (e.name === "AbortError") {
        setStatus("status.stopped");
      } else {
        setStatus(null);
        showMessage($("#message"), e);
        if (e.body && e.body.field) markField(e.body.field, e.body.message || e.message);
      }
    } finally {
      state.streaming = false;
      state.controller = null;
      preview.classList.remove("streaming");
      setBusy(false);
      if (!state.result) renderDoc();
    }
  }

  async function readEvents(response, handle) {
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let buffer = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let cut;
      while ((cut = buffer.indexOf("\n\n")) >= 0) {
        const chunk = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        let event = "message";
        let data = "";
        for (const line of chunk.split("\n")) {
          if (line.startsWith("event:")) event = line.slice(6).trim();
          else if (line.startsWith("data:")) data += line.slice(5).trim();
        }
        if (data) handle(event, JSON.parse(data));
      }
    }
  }

  function handleEvent(event, data) {
    if (event === "status") {
      // Until the first token the model is still reading the prompt (long on a laptop CPU).
      setStatus(data.step === "writing" ? "step.prompt" : `step.${data.step}`, {}, true);
    } else if (event === "brief") {
      fillForm(data.brief);
      const box = $("#message");
      showMessage(box, { body: { error: t("brief.extracted") } }, "info");
      const checks = [...(data.missing || []), ...(data.ambiguous || [])];
      if (checks.length) {
        box.insertBefore(el("p", {}, t("brief.check")), box.lastChild);
        box.insertBefore(el("ul", { class: "checks-list" }, checks.map((g) => el("li", {},
          `${g.field}: ${g.message}${g.rule ? ` (${g.rule})` : ""}`))), box.lastChild);
        checks.forEach((g) => flagField(g.field, g.message));
      }
      (data.notes || []).forEach((n) => box.insertBefore(el("p", { class: "muted" }, n), box.lastChild));
    } else if (event === "attempt") {
      if (data.n > 1) setStatus("step.attempt", { n: data.n }, true);
    } else if (event === "preview") {
      state.text = data.text;
      const shown = state.status ? state.status[0] : "step.writing";
      const key = shown === "step.prompt" ? "step.writing" : shown;
      setStatus(key, Object.assign({}, state.status ? state.status[1] : {}, { tokens: data.tokens }), true);
      renderDoc();
    } else if (event === "result") {
      applyResult(data);
    } else if (event === "error") {
      setStatus(null);
      showMessage($("#message"), { body: data });
      if (data.field) markField(data.field, data.message || data.error);
    }
  }

  function applyResult(result) {
    state.result = result;
    state.text = result.markdown;
    state.brief = result.brief;
    state.language = result.language;
    state.sources = result.sources || [];
    setCheck(result.check, result.markdown);
    $("#preview").lang = result.language;
    $("#editor").lang = result.language;
    $("#editor").value = result.markdown;
    const seconds = ((performance.now() - state.started) / 1000).toFixed(1);
    setStatus("status.done", { s: seconds, attempts: result.attempts });
    for (const input of document.querySelectorAll('input[name="view"]')) input.disabled = false;
    document.querySelectorAll(".downloads button, #recheck-btn").forEach((b) => { b.disabled = false; });
    $("#preview").classList.remove("streaming");
    renderDoc();
    renderSide();
    if (state.board) recheck(); // the draft was checked without the board's profile
  }

  function setBusy(busy) {
    $("#draft-btn").disabled = busy;
    $("#draft-btn").classList.toggle("busy", busy);
    $("#stop-btn").hidden = !busy;
  }

  // --- the highlighted ad ---------------------------------------------------------------------------

  function findings() {
    return state.check && state.checkedText === state.text ? state.check.findings : [];
  }

  function lineKind(line) {
    const m = /^(#{1,3}) |^- /.exec(line);
    if (!m) return [line.trim() ? "p" : "blank", 0];
    if (m[0] === "- ") return ["li", 2];
    return [`h${m[1].length}`, m[0].length];
  }

  // The ad's own text, line by line, with Markdown markers dimmed, **bold** shown bold and
  // every finding's span wrapped in a <mark> coloured by level. Built from text nodes only.
  function renderDoc() {
    const box = $("#preview");
    const text = state.text;
    closePopover();
    if (!text) {
      if (!state.streaming) {
        box.replaceChildren(el("div", { class: "empty" },
          el("h3", {}, t("empty.title")), el("p", {}, t("empty.body"))));
      }
      return;
    }
    const marks = findings().filter((f) => f.span[1] > f.span[0]);
    const nodes = [];
    let start = 0;
    for (const line of text.split("\n")) {
      const end = start + line.length;
      const [kind, markerLen] = lineKind(line);
      const block = el("div", { class: `ln ${kind}` });
      const cuts = new Set([start, end, start + markerLen]);
      const bold = [];
      for (const m of line.matchAll(/\*\*(.+?)\*\*/g)) {
        const a = start + m.index;
        const b = a + m[0].length;
        bold.push([a, b]);
        [a, a + 2, b - 2, b].forEach((c) => cuts.add(c));
      }
      for (const f of marks) {
        if (f.span[0] < end && f.span[1] > start) {
          cuts.add(Math.max(start, f.span[0]));
          cuts.add(Math.min(end, f.span[1]));
        }
      }
      const points = [...cuts].filter((c) => c >= start && c <= end).sort((x, y) => x - y);
      for (let i = 0; i + 1 < points.length; i += 1) {
        const a = points[i];
        const b = points[i + 1];
        if (a === b) continue;
        // markup a JD carried is written inert in the Markdown (&lt;script>); the page shows its
        // characters, as a text node, so nothing runs
        let node = document.createTextNode(text.slice(a, b).replace(/&lt;/g, "<").replace(/&#58;/g, ":"));
        const inBold = bold.find(([x, y]) => a >= x && b <= y);
        const isMarker = a < start + markerLen
          || (inBold && (a < inBold[0] + 2 || b > inBold[1] - 2));
        if (isMarker) node = el("span", { class: "md" }, node);
        else if (inBold) node = el("strong", {}, node);
        const covering = marks.filter((f) => f.span[0] <= a && f.span[1] >= b);
        if (covering.length) {
          const level = LEVELS.find((l) => covering.some((f) => f.level === l));
          node = el("mark", {
            class: `f f-${level}`, tabindex: "0", role: "button",
            dataset: { ids: covering.map((f) => f.id).join(" ") },
            title: covering.map((f) => `${t(`level.${f.level}`)}: ${f.message}`).join("\n"),
          }, node);
        }
        block.append(node);
      }
      nodes.push(block);
      start = end + 1;
    }
    box.replaceChildren(...nodes);
  }

  // --- findings, score, sources ---------------------------------------------------------------

  function setCheck(check, text) {
    state.check = check;
    state.checkedText = text;
  }

  function fixText(f) {
    if (!f.fix) return null;
    const cut = (s) => (s.length > 60 ? `${s.slice(0, 57).trim()}…` : s).trim();
    return f.fix.insert
      ? t("fix.replace", { a: cut(f.fix.remove), b: cut(f.fix.insert) })
      : t("fix.remove", { a: cut(f.fix.remove) });
  }

  function findingDetails(f) {
    return el("dl", { class: "f-details" },
      el("dt", {}, t("finding.reason")), el("dd", {}, f.reason || f.message),
      el("dt", {}, t("finding.source")), el("dd", {}, f.source),
      el("dt", {}, t("finding.suggestion")), el("dd", {}, f.suggestion),
      el("dt", {}, t("finding.rule")), el("dd", { class: "mono" }, f.rule));
  }

  function renderSide() {
    const check = state.check;
    $(".side-body").classList.toggle("stale", Boolean(check) && state.checkedText !== state.text);
    const card = $("#scorecard");
    const list = $("#findings");
    list.replaceChildren();
    card.hidden = !check;
    $("#findings-empty").hidden = Boolean(check);
    $("#apply-all").hidden = true;
    if (check) {
      const value = $("#score-value");
      value.textContent = String(check.score);
      value.className = `score-value ${check.score >= 85 ? "good" : check.score >= 60 ? "fair" : "poor"}`;
      $("#counts").replaceChildren(...LEVELS.map((l) => el("li", { class: `count c-${l}` },
        el("b", {}, String(check.counts[l])), ` ${t(`count.${l}`)}`)));
      const ordered = [...check.findings].sort((x, y) =>
        LEVELS.indexOf(x.level) - LEVELS.indexOf(y.level) || x.span[0] - y.span[0]);
      if (!ordered.length) list.append(el("li", { class: "muted" }, t("findings.none")));
      for (const f of ordered) list.append(findingItem(f));
      const fixable = check.findings.filter((f) => f.fix).length;
      if (fixable > 1) {
        const all = $("#apply-all");
        all.textContent = t("applyAll", { n: fixable });
        all.hidden = false;
      }
    }
    renderSources();
    renderDetails();
  }

  function findingItem(f) {
    const whole = f.span[1] <= f.span[0];
    const actions = el("div", { class: "f-actions" });
    if (!whole) {
      actions.append(el("button", { type: "button", class: "small", onclick: () => showInText(f) },
        t("finding.show")));
    }
    if (f.fix) {
      actions.append(el("button", { type: "button", class: "small primary", onclick: () => applyFix([f]) },
        t("finding.apply")));
    }
    return el("li", { class: `finding l-${f.level}`, dataset: { id: String(f.id) } },
      el("div", { class: "f-head" },
        el("span", { class: `pill p-${f.level}` }, t(`level.${f.level}`)),
        el("span", { class: "f-msg" }, f.message)),
      whole ? el("p", { class: "f-where muted" }, t("finding.whole"))
        : el("q", { class: "f-excerpt" }, f.excerpt),
      f.fix ? el("p", { class: "f-fix" }, fixText(f)) : null,
      el("details", {}, el("summary", {}, t("finding.more")), findingDetails(f)),
      actions);
  }

  function renderSources() {
    const list = $("#sources");
    list.replaceChildren();
    if (!state.result) {
      list.append(el("li", { class: "muted" }, t("sources.empty")));
      return;
    }
    if (!state.sources.length) list.append(el("li", { class: "muted" }, t("sources.none")));
    for (const s of state.sources) {
      const head = [s.title, s.heading].filter(Boolean).join(" — ") || s.id;
      const item = el("li", { class: "source" },
        el("div", {}, s.kind ? el("span", { class: "tag" }, s.kind) : null, " ", el("b", {}, head)),
        el("div", { class: "mono muted" }, s.id));
      if (s.excerpt) {
        item.append(el("details", {}, el("summary", {}, "…"), el("p", { class: "excerpt", lang: s.language || null }, s.excerpt)));
      }
      list.append(item);
    }
  }

  function renderDetails() {
    const box = $("#draft-details");
    const body = $("#details-body");
    const r = state.result;
    box.hidden = !r;
    body.replaceChildren();
    if (!r) return;
    const u = r.usage;
    body.append(el("p", {}, t("details.usage", {
      backend: u.backend, model: u.model, p: u.prompt_tokens, c: u.completion_tokens,
      calls: u.calls, s: u.seconds.toFixed(1),
    })));
    if (r.fixes && r.fixes.length) {
      body.append(el("h4", {}, t("details.fixes")), el("ul", {}, r.fixes.map((x) => el("li", {}, x.message || x))));
    }
    if (r.notes && r.notes.length) {
      body.append(el("h4", {}, t("details.notes")), el("ul", {}, r.notes.map((x) => el("li", { class: "pre" }, x))));
    }
  }

  // --- popover on a highlighted span --------------------------------------------------------------

  function openPopover(mark) {
    const ids = mark.dataset.ids.split(" ").map(Number);
    const items = findings().filter((f) => ids.includes(f.id));
    if (!items.length) return;
    const pop = $("#popover");
    pop.replaceChildren(el("button", {
      type: "button", class: "popover-close", "aria-label": t("close"), onclick: () => closePopover(true),
    }, "×"));
    items.forEach((f, i) => {
      pop.append(el("div", { class: `pop-item l-${f.level}` },
        el("div", { class: "f-head", id: i === 0 ? "popover-title" : null },
          el("span", { class: `pill p-${f.level}` }, t(`level.${f.level}`)),
          el("span", { class: "f-msg" }, f.message)),
        findingDetails(f),
        el("p", { class: f.fix ? "f-fix" : "f-fix none" }, fixText(f) || t("fix.none")),
        f.fix ? el("button", { type: "button", class: "primary small", onclick: () => applyFix([f]) },
          t("finding.apply")) : null));
    });
    pop.hidden = false;
    const rect = mark.getBoundingClientRect();
    const width = Math.min(360, window.innerWidth - 24);
    pop.style.width = `${width}px`;
    const left = Math.max(12, Math.min(rect.left, window.innerWidth - width - 12));
    let top = rect.bottom + 8;
    if (top + pop.offsetHeight > window.innerHeight - 12) top = Math.max(12, rect.top - pop.offsetHeight - 8);
    pop.style.left = `${left}px`;
    pop.style.top = `${top}px`;
    document.querySelectorAll("mark.active").forEach((m) => m.classList.remove("active"));
    mark.classList.add("active");
    state.openFor = mark;
    highlightItems(ids);
    const button = pop.querySelector("button.primary") || pop.querySelector(".popover-close");
    button.focus({ preventScroll: true });
  }

  function closePopover(restoreFocus) {
    const pop = $("#popover");
    if (pop.hidden) return;
    pop.hidden = true;
    const mark = state.openFor;
    state.openFor = null;
    if (mark) mark.classList.remove("active");
    if (restoreFocus && mark && document.body.contains(mark)) mark.focus();
  }

  function highlightItems(ids) {
    document.querySelectorAll(".finding.current").forEach((n) => n.classList.remove("current"));
    for (const id of ids) {
      const item = document.querySelector(`.finding[data-id="${id}"]`);
      if (item) item.classList.add("current");
    }
    const first = document.querySelector(".finding.current");
    if (first) first.scrollIntoView({ block: "nearest" });
  }

  function showInText(f) {
    if (state.mode === "edit") {
      const editor = $("#editor");
      editor.focus();
      editor.setSelectionRange(f.span[0], f.span[1]);
      const before = editor.value.slice(0, f.span[0]).split("\n").length;
      const lineHeight = parseFloat(getComputedStyle(editor).lineHeight) || 24;
      editor.scrollTop = Math.max(0, (before - 4) * lineHeight);
      return;
    }
    const mark = [...document.querySelectorAll("#preview mark")]
      .find((m) => m.dataset.ids.split(" ").includes(String(f.id)));
    if (!mark) return;
    mark.scrollIntoView({ block: "center" });
    openPopover(mark);
  }

  // --- edit, fix, re-check -----------------------------------------------------------------------

  function setMode(mode) {
    state.mode = mode;
    $(`#view-${mode}`).checked = true;
    const editor = $("#editor");
    $("#preview").hidden = mode === "edit";
    editor.hidden = mode !== "edit";
    closePopover();
    if (mode === "edit") {
      if (editor.value !== state.text) editor.value = state.text;
    } else {
      renderDoc();
    }
  }

  async function recheck() {
    const text = state.text;
    if (!text || state.streaming) return;
    clearTimeout(state.timer);
    setStatus("status.checking", {}, true);
    try {
      const check = await apiJson("/api/check", {
        json: { text, brief: state.brief, language: state.language, board: state.board },
      });
      if (state.text !== text) return; // edited meanwhile: the next re-check follows
      setCheck(check, text);
      setStatus("status.checked");
      renderSide();
      if (state.mode === "review") renderDoc();
    } catch (e) {
      setStatus(null);
      showMessage($("#message"), e);
    }
  }

  async function applyFix(items) {
    if (state.checkedText !== state.text) await recheck();
    const targets = items ? items.map((f) => ({ rule: f.rule, start: f.start, end: f.end })) : null;
    try {
      const out = await apiJson("/api/fix", {
        json: {
          text: state.text, brief: state.brief, language: state.language, board: state.board, targets,
        },
      });
      closePopover();
      state.text = out.text;
      $("#editor").value = out.text;
      setCheck(out.check, out.text);
      setStatus(out.changed ? "status.fixed" : "status.nofix");
      renderSide();
      if (state.mode === "review") renderDoc();
    } catch (e) {
      showMessage($("#message"), e);
    }
  }

  async function download(fmt) {
    const title = (/^# (.+)$/m.exec(state.text) || [null, ""])[1].trim();
    const previous = state.status;
    setStatus("status.downloading", {}, true);
    try {
      const response = await api(`/api/export/${fmt}`, {
        json: { text: state.text, title, language: state.language },
      });
      await saveBlob(response, `job-ad.${fmt}`);
    } catch (e) {
      showMessage($("#message"), e);
    } finally {
      state.status = previous;
      renderStatus();
    }
  }

  async function fillExample() {
    try {
      const data = await apiJson("/api/example");
      fillForm(data.brief);
      selectTab("form");
    } catch (e) {
      showMessage($("#message"), e);
    }
  }

  // --- wiring ---------------------------------------------------------------------------------

  function wire() {
    $("#draft-btn").addEventListener("click", draft);
    $("#stop-btn").addEventListener("click", () => { if (state.controller) state.controller.abort(); });
    $("#tab-form").addEventListener("click", () => selectTab("form"));
    $("#tab-note").addEventListener("click", () => selectTab("note"));
    document.querySelector(".tabs").addEventListener("keydown", (e) => {
      if (e.key !== "ArrowLeft" && e.key !== "ArrowRight") return;
      const next = activeTab() === "form" ? "note" : "form";
      selectTab(next);
      $(`#tab-${next}`).focus();
    });
    $("#note").addEventListener("keydown", (e) => {
      if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) draft();
    });
    $("#fill-example").addEventListener("click", fillExample);
    $("#clear-form").addEventListener("click", () => { $("#brief-form").reset(); clearFieldErrors(); });
    $("#brief-form").addEventListener("input", (e) => {
      if (e.target.getAttribute("aria-invalid")) {
        e.target.removeAttribute("aria-invalid");
        const note = document.getElementById(`${e.target.id}-error`);
        if (note) note.remove();
      }
    });
    document.querySelectorAll('input[name="view"]').forEach((input) => {
      input.addEventListener("change", () => setMode(input.value));
    });
    $("#editor").addEventListener("input", () => {
      state.text = $("#editor").value;
      setStatus("status.edited");
      renderSide();
      clearTimeout(state.timer);
      state.timer = setTimeout(recheck, RECHECK_AFTER_MS);
    });
    $("#recheck-btn").addEventListener("click", recheck);
    $("#board").addEventListener("change", () => {
      state.board = $("#board").value || null;
      if (state.text) recheck();
    });
    $("#apply-all").addEventListener("click", () => applyFix(null));
    document.querySelectorAll(".downloads button").forEach((b) => {
      b.addEventListener("click", () => download(b.dataset.format));
    });
    const preview = $("#preview");
    preview.addEventListener("click", (e) => {
      const mark = e.target.closest("mark.f");
      if (mark) openPopover(mark);
    });
    preview.addEventListener("keydown", (e) => {
      const mark = e.target.closest("mark.f");
      if (mark && (e.key === "Enter" || e.key === " ")) {
        e.preventDefault();
        openPopover(mark);
      }
    });
    document.addEventListener("keydown", (e) => { if (e.key === "Escape") closePopover(true); });
    document.addEventListener("mousedown", (e) => {
      const pop = $("#popover");
      if (!pop.hidden && !pop.contains(e.target) && !e.target.closest("mark.f")) closePopover();
    });
    window.addEventListener("resize", () => closePopover());
    preview.addEventListener("scroll", () => closePopover());
    window.I18N.onChange(() => { renderStatus(); renderSide(); renderDoc(); });
  }

  document.addEventListener("DOMContentLoaded", () => {
    wire();
    window.Drafter.loadInfo().then((info) => {
      $("#fill-example").hidden = !info.example;
      for (const b of info.boards || []) $("#board").append(el("option", { value: b.id }, b.name));
    })
      .catch(() => {});
  });
})();
