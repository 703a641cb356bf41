// The batch page: pick legacy JDs (files, a folder, or drag and drop), start a rewrite, and
// follow it live from the server's journal; download the results and the summary.
"use strict";

(() => {
  const { t } = window.I18N;
  const { el, apiJson, showMessage, formatBytes, loadInfo } = window.Drafter;
  const $ = (sel) => document.querySelector(sel);
  const POLL_MS = 1000;

  const state = {
    info: null,
    files: [],        // {file, name, problem}
    batches: [],
    selected: null,   // batch id
    detail: null,     // last status of the selected batch
    timer: null,
  };

  // --- choosing files -------------------------------------------------------------------------

  function suffix(name) {
    const dot = name.lastIndexOf(".");
    return dot < 0 ? "" : name.slice(dot).toLowerCase();
  }

  function addFiles(files) {
    const limits = state.info.limits;
    const known = new Set(state.files.map((f) => f.name));
    for (const file of files) {
      const name = file.relPath || file.webkitRelativePath || file.name;
      if (known.has(name)) continue;
      if (file.name.startsWith(".")) continue; // .DS_Store and friends
      known.add(name);
      let problem = null;
      if (!state.info.suffixes.includes(suffix(file.name))) problem = t("batch.unsupported");
      else if (file.size > limits.max_file_bytes) {
        problem = t("batch.tooBig", { mb: limits.max_file_bytes / 1048576 });
      }
      state.files.push({ file, name, problem });
    }
    renderFiles();
  }

  function goodFiles() {
    return state.files.filter((f) => !f.problem);
  }

  function renderFiles() {
    const list = $("#file-list");
    list.replaceChildren();
    state.files.forEach((f, i) => {
      list.append(el("li", { class: f.problem ? "bad" : null },
        el("span", { class: "name", title: f.name }, f.name),
        f.problem ? el("span", { class: "problem" }, t("batch.skip", { reason: f.problem }))
          : el("span", { class: "size" }, formatBytes(f.file.size)),
        el("button", {
          type: "button", class: "link-button", "aria-label": `${t("batch.remove")}: ${f.name}`,
          onclick: () => { state.files.splice(i, 1); renderFiles(); },
        }, "×")));
    });
    const good = goodFiles();
    const size = good.reduce((n, f) => n + f.file.size, 0);
    $("#file-summary").hidden = !state.files.length;
    $("#file-count").textContent = t("batch.selected", { n: good.length, size: formatBytes(size) });
    const max = state.info.limits.max_files;
    const box = $("#message");
    if (good.length > max) {
      showMessage(box, { body: { error: t("batch.tooMany", { n: good.length, max }) } });
    } else if (box.dataset.local) {
      box.hidden = true;
    }
    box.dataset.local = good.length > max ? "1" : "";
    $("#start-btn").disabled = !good.length || good.length > max;
  }

  // Folders dropped on the page: walk them with the File System entries API.
  async function filesFromDrop(dataTransfer) {
    const entries = [...dataTransfer.items].map((i) => i.webkitGetAsEntry && i.webkitGetAsEntry())
      .filter(Boolean);
    if (!entries.length) return [...dataTransfer.files];
    const out = [];
    async function walk(entry, prefix) {
      if (entry.isFile) {
        const file = await new Promise((ok, fail) => entry.file(ok, fail));
        file.relPath = prefix + file.name;
        out.push(file);
      } else if (entry.isDirectory) {
        const reader = entry.createReader();
        for (;;) {
          const batch = await new Promise((ok, fail) => reader.readEntries(ok, fail));
          if (!batch.length) break;
          for (const child of batch) await walk(child, `${prefix}${entry.name}/`);
        }
      }
    }
    for (const entry of entries) await walk(entry, "");
    return out;
  }

  // --- starting a batch --------------------------------------------------------------------------

  async function start(event) {
    event.preventDefault();
    const good = goodFiles();
    if (!good.length) return;
    const form = new FormData();
    for (const f of good) form.append("files", f.file, f.name);
    form.append("tone", document.querySelector('input[name="tone"]:checked').value);
    form.append("language", $("#b-language").value);
    form.append("jurisdiction", $("#b-jurisdiction").value);
    const button = $("#start-btn");
    button.disabled = true;
    button.textContent = t("batch.starting");
    $("#message").hidden = true;
    try {
      const status = await apiJson("/api/batches", { method: "POST", body: form });
      state.files = [];
      renderFiles();
      select(status.id, status);
      refreshList();
    } catch (e) {
      showMessage($("#message"), e);
      button.disabled = false;
    } finally {
      button.textContent = t("batch.start");
    }
  }

  // --- following batches --------------------------------------------------------------------------

  function running(s) {
    return s && (s.state === "queued" || s.state === "running");
  }

  async function refreshList() {
    try {
      const data = await apiJson("/api/batches");
      state.batches = data.batches;
    } catch (_e) {
      return;
    }
    renderList();
    if (!state.selected && state.batches.length) select(state.batches[0].id);
  }

  function when(s) {
    return new Date(s.created * 1000).toLocaleString(window.I18N.lang === "en" ? undefined : window.I18N.lang);
  }

  function progress(counts, mini) {
    const total = Math.max(1, counts.total);
    const bar = el("div", {
      class: `progress${mini ? " mini" : ""}`, role: "progressbar", "aria-valuemin": "0",
      "aria-valuemax": String(counts.total), "aria-valuenow": String(counts.done + counts.failed),
      "aria-label": t("batch.progress"),
    });
    for (const part of ["done", "failed", "running"]) {
      if (!counts[part]) continue;
      const seg = el("div", { class: part });
      seg.style.width = `${(100 * counts[part]) / total}%`; // CSSOM: allowed by the page's CSP
      bar.append(seg);
    }
    return bar;
  }

  function renderList() {
    const list = $("#batch-list");
    list.replaceChildren();
    $("#no-batches").hidden = state.batches.length > 0;
    for (const s of state.batches) {
      const c = s.counts;
      list.append(el("li", {}, el("button", {
        type: "button", class: "batch-item", "aria-current": String(s.id === state.selected),
        onclick: () => select(s.id),
      },
      el("span", { class: "when" }, when(s)),
      el("span", { class: `state ${s.state}` }, t(`batch.state.${s.state}`)),
      el("span", { class: "muted" }, `${t("batch.files.count", { n: s.files })} · ${c.done} ${t("batch.done")} · ${c.failed} ${t("batch.failed")}`),
      el("span"),
      el("span", { class: "mini" }, progress(c, true)))));
    }
  }

  async function select(id, status) {
    state.selected = id;
    clearTimeout(state.timer);
    renderList();
    if (status) renderDetail(status);
    await poll();
  }

  async function poll() {
    const id = state.selected;
    if (!id) return;
    try {
      const s = await apiJson(`/api/batches/${encodeURIComponent(id)}`);
      if (id !== state.selected) return;
      const was = state.detail;
      renderDetail(s);
      const listed = state.batches.find((b) => b.id === s.id);
      if (listed && (listed.state !== s.state || listed.counts.done !== s.counts.done
          || listed.counts.failed !== s.counts.failed)) {
        Object.assign(listed, { state: s.state, counts: s.counts });
        renderList();
      }
      if (running(s)) state.timer = setTimeout(poll, POLL_MS);
      else if (was && running(was)) refreshList();
    } catch (e) {
      showMessage($("#message"), e);
    }
  }

  async function retry(id) {
    try {
      const status = await apiJson(`/api/batches/${encodeURIComponent(id)}/retry`, { method: "POST" });
      select(id, status);
    } catch (e) {
      showMessage($("#message"), e);
    }
  }

  function optionText(o) {
    const lang = o.language ? window.I18N.names[o.language] || o.language : t("batch.language.own");
    const juris = o.jurisdiction ? t(`opt.${o.jurisdiction}`) : t("batch.jurisdiction.auto");
    return t("batch.options", { tone: t(`tone.${o.tone || "professional"}`), language: lang, jurisdiction: juris });
  }

  function renderDetail(s) {
    state.detail = s;
    const box = $("#batch-detail");
    box.hidden = false;
    const c = s.counts;
    const base = `/api/batches/${encodeURIComponent(s.id)}`;
    const ready = s.summary && !running(s);
    const link = (href, key, primary) => el("a", {
      class: `button${primary ? " primary" : ""}`, href, download: "",
      "aria-disabled": ready ? null : "true", tabindex: ready ? null : "-1",
    }, t(key));
    const rows = s.items.map((item) => el("tr", {},
      el("td", {}, item.name),
      el("td", { class: `st-${item.state}` }, t(`item.${item.state}`)),
      el("td", { class: item.outcome ? `o-${item.outcome}` : null }, item.outcome ? t(`outcome.${item.outcome}`) : ""),
      el("td", {}, item.score == null ? "" : String(item.score)),
      el("td", {}, item.changes == null ? "" : String(item.changes)),
      el("td", { class: "muted" }, item.error || "")));
    box.replaceChildren(...[
      el("div", { class: "batch-head" },
        el("h2", {}, when(s)),
        el("span", { class: `state ${s.state}`, id: "batch-state" }, t(`batch.state.${s.state}`)),
        el("span", { class: "muted" }, optionText(s.options || {}))),
      s.error ? el("div", { class: "message", role: "alert" }, el("p", { class: "message-main" }, s.error)) : null,
      progress(c, false),
      el("div", { class: "counters", role: "status", "aria-live": "polite", id: "counters" },
        el("span", { class: "c-done" }, el("b", {}, String(c.done)), t("batch.done")),
        el("span", { class: "c-failed" }, el("b", {}, String(c.failed)), t("batch.failed")),
        el("span", { class: "c-remaining" }, el("b", {}, String(c.remaining)), t("batch.remaining")),
        c.done ? el("span", { class: "muted" }, `${c.clean} ${t("batch.clean")} · ${c.review} ${t("batch.review")}`) : null),
      el("div", { class: "downloads-row" },
        link(`${base}/results.zip`, "batch.zip", true),
        el("a", { class: "button", href: `${base}/summary.html`, target: "_blank", rel: "noopener",
          "aria-disabled": ready ? null : "true", tabindex: ready ? null : "-1" }, t("batch.summaryHtml")),
        link(`${base}/summary.csv`, "batch.summaryCsv", false),
        !running(s) && (c.failed || s.state === "error")
          ? el("button", { type: "button", id: "retry-btn", onclick: () => retry(s.id) }, t("batch.retry"))
          : null),
      s.items.length ? el("table", { class: "items" },
        el("thead", {}, el("tr", {}, ["file", "state", "outcome", "score", "changes", "error"]
          .map((k) => el("th", { scope: "col" }, t(`batch.col.${k}`))))),
        el("tbody", {}, rows)) : el("p", { class: "muted" }, t("batch.preparing")),
    ].filter(Boolean));
  }

  // --- wiring ---------------------------------------------------------------------------------

  async function init() {
    state.info = await loadInfo();
    const limits = state.info.limits;
    const accepted = () => {
      $("#accepted").textContent = t("batch.accepted", {
        list: state.info.suffixes.join(" "), n: limits.max_files, mb: limits.max_file_bytes / 1048576,
      });
    };
    accepted();
    $("#file-input").accept = state.info.suffixes.join(",");
    $("#pick-files").addEventListener("click", () => $("#file-input").click());
    $("#pick-folder").addEventListener("click", () => $("#folder-input").click());
    for (const id of ["#file-input", "#folder-input"]) {
      $(id).addEventListener("change", (e) => { addFiles([...e.target.files]); e.target.value = ""; });
    }
    $("#clear-files").addEventListener("click", () => { state.files = []; renderFiles(); });
    const zone = $("#dropzone");
    zone.addEventListener("dragover", (e) => { e.preventDefault(); zone.classList.add("over"); });
    zone.addEventListener("dragleave", () => zone.classList.remove("over"));
    zone.addEventListener("drop", async (e) => {
      e.preventDefault();
      zone.classList.remove("over");
      addFiles(await filesFromDrop(e.dataTransfer));
    });
    $("#batch-form").addEventListener("submit", start);
    window.I18N.onChange(() => {
      accepted();
      renderFiles();
      renderList();
      if (state.detail) renderDetail(state.detail);
    });
    const wanted = new URLSearchParams(window.location.search).get("id");
    if (wanted) state.selected = wanted;
    await refreshList();
    if (wanted) poll();
  }

  document.addEventListener("DOMContentLoaded", () => {
    init().catch((e) => showMessage($("#message"), e));
  });
})();
