// Shared by both pages: DOM building without HTML parsing, the JSON API, errors as messages,
// and the header (model name, page language).
"use strict";

(() => {
  const { t } = window.I18N;

  // Every element is built here: text goes in as text nodes, attributes with setAttribute,
  // so nothing a model or a user wrote is ever parsed as HTML.
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "class") node.className = value;
      else if (key === "text") node.textContent = value;
      else if (key === "dataset") Object.assign(node.dataset, value);
      else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? "" : String(value));
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  class ApiError extends Error {
    constructor(status, body) {
      super((body && body.error) || `HTTP ${status}`);
      this.status = status;
      this.body = body || {};
    }
  }

  async function errorFrom(response) {
    let body = null;
    try { body = await response.json(); } catch (_e) { body = { error: `HTTP ${response.status}` }; }
    return new ApiError(response.status, body);
  }

  async function api(path, options) {
    const opts = Object.assign({ headers: {} }, options || {});
    if (opts.json !== undefined) {
      opts.method = opts.method || "POST";
      opts.headers["Content-Type"] = "application/json";
      opts.body = JSON.stringify(opts.json);
      delete opts.json;
    }
    let response;
    try {
      response = await fetch(path, opts);
    } catch (e) {
      if (e.name === "AbortError") throw e;
      throw new ApiError(0, { error: t("error.network") });
    }
    if (!response.ok) throw await errorFrom(response);
    return response;
  }

  async function apiJson(path, options) {
    return (await api(path, options)).json();
  }

  // One message area per page (role=alert): what went wrong, which field, and how to fix it.
  function showMessage(box, error, kind) {
    box.replaceChildren();
    box.className = `message ${kind || "error"}`;
    const body = (error && error.body) || (typeof error === "string" ? { error } : {});
    const text = body.message && body.field ? body.message : body.error || String(error);
    box.append(el("p", { class: "message-main" }, text));
    if (body.field) box.append(el("p", {}, t("error.field", { field: body.field })));
    if (body.fix) box.append(el("p", {}, t("error.fix", { fix: body.fix })));
    box.append(el("button", {
      type: "button", class: "message-close", "aria-label": t("close"),
      onclick: () => { box.hidden = true; },
    }, "×"));
    box.hidden = false;
  }

  function formatBytes(n) {
    if (n < 1024) return `${n} B`;
    if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
    return `${(n / 1024 / 1024).toFixed(1)} MB`;
  }

  async function saveBlob(response, fallbackName) {
    const blob = await response.blob();
    let name = fallbackName;
    const disposition = response.headers.get("Content-Disposition") || "";
    const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
    const plain = /filename="([^"]+)"/i.exec(disposition);
    if (star) name = decodeURIComponent(star[1]);
    else if (plain) name = plain[1];
    const url = URL.createObjectURL(blob);
    const link = el("a", { href: url, download: name, hidden: true });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
    return name;
  }

  let info = null;
  async function loadInfo() {
    if (!info) info = await apiJson("/api/info");
    return info;
  }

  function setupHeader() {
    const select = document.getElementById("ui-lang");
    if (select) {
      select.value = window.I18N.lang;
      select.addEventListener("change", () => window.I18N.set(select.value));
    }
    document.documentElement.lang = window.I18N.lang;
    window.I18N.apply(document);
    loadInfo().then((data) => {
      const name = document.getElementById("backend-name");
      if (name) name.textContent = `${data.backend} · ${data.model}`;
    }).catch(() => {
      const name = document.getElementById("backend-name");
      if (name) name.textContent = "?";
    });
  }

  window.Drafter = { el, api, apiJson, ApiError, errorFrom, showMessage, formatBytes, saveBlob,
    loadInfo, setupHeader };
  document.addEventListener("DOMContentLoaded", setupHeader);
})();
