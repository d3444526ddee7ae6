/* personvern consent banner. No dependencies. The server fills in __PV_CONFIG__
   (categories, services, texts and the Consent Mode mapping of the declaration),
   __PV_CSS__ and __PV_GPC__ (the request carried Sec-GPC: 1). */
(function (C, CSS, GPC) {
  "use strict";
  var d = document, w = window, NAME = "personvern_consent";
  var me = d.currentScript, src = new URL(me && me.src ? me.src : location.href, location.href);
  var BASE = src.origin, lang = pick(src.searchParams.get("lang") || d.documentElement.lang);
  var T = C.t[lang], U = T.u;
  var gpc = w.navigator.globalPrivacyControl === true || GPC;
  var raw = readCookie(), state = parse(raw), ran = {}, root, box, fab, back;

  // Google Consent Mode v2: denied by default, before anything else on the page.
  w.dataLayer = w.dataLayer || [];
  function gtag() { w.dataLayer.push(arguments); }
  gtag("consent", "default", mode(true));
  if (state) gtag("consent", "update", mode());

  function pick(v) {
    v = String(v || "").toLowerCase().slice(0, 2);
    if (v === "no" || v === "nn") v = "nb";
    return C.t[v] ? v : Object.keys(C.t)[0];
  }
  function readCookie() {
    var m = d.cookie.match(new RegExp("(?:^|;\\s*)" + NAME + "=([^;]+)"));
    return m ? m[1] : null;
  }
  function parse(v) {
    if (!v) return null;
    try {
      var p = JSON.parse(atob(v.split(".")[0].replace(/-/g, "+").replace(/_/g, "/")));
      return p.h === C.h && p.e * 1000 > Date.now() ? { c: p.c, s: p.s } : null;
    } catch (e) {
      return null;
    }
  }
  function esc(s) {
    return String(s).replace(/[&<>"']/g, function (ch) { return "&#" + ch.charCodeAt(0) + ";"; });
  }
  function has(list, x) { return list.indexOf(x) >= 0; }
  function allowed(cat, svc) {
    if (cat === "necessary") return true;
    if (!state) return false;
    return svc && C.sc[svc] ? has(state.s, svc) : has(state.c, cat);
  }
  function mode(initial) {
    var m = {};
    Object.keys(C.cm).forEach(function (k) {
      m[k] = C.cm[k].some(function (x) {
        var key = x.slice(2);
        return x === "c:necessary" || (!initial && state && has(x[0] === "c" ? state.c : state.s, key));
      }) ? "granted" : "denied";
    });
    if (initial) m.wait_for_update = 500;
    return m;
  }

  // Blocked scripts: <script type="text/plain" data-category=".." [data-service=".."]>
  function runScripts() {
    var list = d.querySelectorAll('script[type="text/plain"][data-category]');
    for (var i = 0; i < list.length; i++) {
      var s = list[i], c = s.getAttribute("data-category"), v = s.getAttribute("data-service");
      if (!allowed(c, v)) continue;
      var n = d.createElement("script");
      for (var j = 0; j < s.attributes.length; j++) {
        if (s.attributes[j].name !== "type") n.setAttribute(s.attributes[j].name, s.attributes[j].value);
      }
      n.text = s.text;
      s.parentNode.replaceChild(n, s);
      ran[c + "/" + (v || "")] = 1;
    }
  }
  function stale() {
    return Object.keys(ran).some(function (k) {
      var p = k.split("/");
      return !allowed(p[0], p[1] || null);
    });
  }
  // Deletes the declared first-party cookies of every service that is not allowed.
  function dropRefused() {
    Object.keys(C.k).forEach(function (svc) {
      if (allowed(C.sc[svc], svc)) return;
      C.k[svc].forEach(function (pattern) {
        var re = new RegExp("^" + pattern.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*") + "$");
        d.cookie.split(/;\s*/).forEach(function (kv) {
          var name = kv.split("=")[0], host = location.hostname.split("."), doms = [""];
          if (!name || !re.test(name)) return;
          for (var i = 0; i < host.length - 1; i++) doms.push("; domain=." + host.slice(i).join("."));
          doms.forEach(function (x) { d.cookie = name + "=; Max-Age=0; path=/" + x; });
        });
      });
    });
  }
  function apply() {
    gtag("consent", "update", mode());
    runScripts();
    dropRefused();
  }

  function post(path, body) {
    return fetch(BASE + path, {
      method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body),
      credentials: "omit", keepalive: true
    });
  }
  function all(on) {
    var st = { c: [], s: [] };
    if (!on) return st;
    T.c.forEach(function (cat) {
      if (cat.k !== "necessary" && !(gpc && has(C.g, cat.k))) st.c.push(cat.k);
    });
    Object.keys(C.sc).forEach(function (s) { if (has(st.c, C.sc[s])) st.s.push(s); });
    return st;
  }
  function decide(method, st) {
    state = st;
    var reload = stale(), body = {
      version: C.v, banner_hash: T.h, lang: lang, page_url: location.href, method: method,
      categories: {}, services: {}, gpc: gpc, previous: raw
    };
    T.c.forEach(function (cat) { if (cat.k !== "necessary") body.categories[cat.k] = has(st.c, cat.k); });
    Object.keys(C.sc).forEach(function (s) { body.services[s] = has(st.s, s); });
    apply();
    close();
    return post("/consent/v1/records", body).then(function (r) {
      return r.ok ? r.json() : null;
    }).then(function (r) {
      if (r) {
        raw = r.cookie;
        d.cookie = NAME + "=" + r.cookie + "; Max-Age=" + r.max_age + "; Path=/; SameSite=Lax" +
          (location.protocol === "https:" ? "; Secure" : "");
      }
      w.dispatchEvent(new CustomEvent("personvern:consent", { detail: { method: method, stored: !!r, consent: st } }));
    }).catch(function () {}).then(function () {
      // A script that already ran cannot be stopped: reload so that it does not run again.
      if (reload) location.reload();
    });
  }

  function toggle(id, kind, key, fixed, cat) {
    return '<input type="checkbox" role="switch" id="' + id + '" data-' + kind + '="' + key + '"' +
      (cat ? ' data-in="' + cat + '"' : "") + (fixed ? " checked disabled" : "") + ">";
  }
  function html() {
    var h = '<div class="pv-box" tabindex="-1"><h2 id="pv-t">' + esc(U.title) + '</h2><p id="pv-d">' +
      esc(U.body) + ' <a href="' + esc(BASE + "/privacy?lang=" + lang) + '">' + esc(U.notice) + "</a></p>";
    if (gpc && C.g.length) h += '<p class="pv-gpc">' + esc(U.gpc) + "</p>";
    h += '<div class="pv-set" hidden>';
    T.c.forEach(function (cat) {
      var fixed = cat.k === "necessary", id = "pv-c-" + cat.k;
      h += '<section class="pv-cat"><div class="pv-row">' + toggle(id, "c", cat.k, fixed) + '<label for="' +
        id + '">' + esc(cat.n) + (fixed ? " <small>(" + esc(U.always) + ")</small>" : "") + "</label></div><p>" +
        esc(cat.d) + "</p>";
      if (cat.s.length) {
        h += "<details><summary>" + esc(U.services) + " (" + cat.s.length + ")</summary>";
        cat.s.forEach(function (sv) {
          var sid = "pv-s-" + sv.k;
          h += '<div class="pv-svc"><div class="pv-row">' + (fixed ? "" : toggle(sid, "s", sv.k, false, cat.k)) +
            "<label" + (fixed ? "" : ' for="' + sid + '"') + ">" + esc(sv.n) + "</label><small>" +
            esc(U.provider) + ": " + esc(sv.p) + "</small></div>" + (sv.d ? "<p>" + esc(sv.d) + "</p>" : "");
          if (sv.c.length) {
            h += "<table><tr><th>" + esc(U.cookie) + "</th><th>" + esc(U.duration) + "</th><th>" +
              esc(U.purpose) + "</th></tr>";
            sv.c.forEach(function (k) {
              h += "<tr><td>" + esc(k[0]) + "</td><td>" + esc(k[1]) + "</td><td>" + esc(k[2]) + "</td></tr>";
            });
            h += "</table>";
          }
          h += "</div>";
        });
        h += "</details>";
      }
      h += "</section>";
    });
    return h + '</div><div class="pv-btns"><button type="button" class="pv-b" data-a="accept">' +
      esc(U.accept) + '</button><button type="button" class="pv-b" data-a="reject"></button>' +
      '<button type="button" class="pv-b" data-a="settings"></button></div></div>';
  }
  function q(sel) { return root.querySelector(sel); }
  function qa(sel) { return Array.prototype.slice.call(root.querySelectorAll(sel)); }
  function build() {
    root = d.createElement("div");
    root.id = "pv-banner";
    root.className = "pv";
    root.setAttribute("role", "dialog");
    root.setAttribute("aria-modal", "true");
    root.setAttribute("aria-labelledby", "pv-t");
    root.setAttribute("aria-describedby", "pv-d");
    root.setAttribute("lang", lang);
    root.innerHTML = html();
    box = q(".pv-box");
    d.body.appendChild(root);
    root.addEventListener("click", onClick);
    root.addEventListener("keydown", onKey);
    root.addEventListener("change", onChange);
    d.addEventListener("focusin", function (e) {
      if (!root.hidden && !root.contains(e.target)) box.focus();
    });
  }
  function settings(on) {
    q(".pv-set").hidden = !on;
    var b = q('[data-a="settings"],[data-a="save"]');
    b.setAttribute("data-a", on ? "save" : "settings");
    b.textContent = on ? U.save : U.settings;
  }
  function open(withSettings) {
    if (!root) build();
    back = d.activeElement;
    qa("input[data-c]:not([disabled])").forEach(function (t) { t.checked = !!state && has(state.c, t.getAttribute("data-c")); });
    qa("input[data-s]").forEach(function (t) { t.checked = !!state && has(state.s, t.getAttribute("data-s")); });
    var granted = state && (state.c.length || state.s.length), r = q('[data-a="reject"]');
    r.textContent = granted ? U.withdraw : U.reject;
    r.setAttribute("data-w", granted ? "1" : "");
    settings(!!withSettings);
    root.hidden = false;
    fab.hidden = true;
    box.focus();
  }
  function close() {
    if (!root || root.hidden) return;
    root.hidden = true;
    fab.hidden = false;
    (back && back !== d.body && d.contains(back) ? back : fab).focus();
  }
  function focusables() {
    return qa("a[href],button,input:not([disabled]),summary").filter(function (el) { return el.offsetParent !== null; });
  }
  function onKey(e) {
    if (e.key === "Escape" && state) return close();
    if (e.key !== "Tab") return;
    var f = focusables(), first = f[0], last = f[f.length - 1], a = d.activeElement;
    if (e.shiftKey && (a === first || a === box)) {
      last.focus();
      e.preventDefault();
    } else if (!e.shiftKey && a === last) {
      first.focus();
      e.preventDefault();
    }
  }
  function onChange(e) {
    var t = e.target, c = t.getAttribute("data-c"), inside = t.getAttribute("data-in");
    if (c) qa('input[data-in="' + c + '"]').forEach(function (s) { s.checked = t.checked; });
    else if (inside && t.checked) q('input[data-c="' + inside + '"]').checked = true;
  }
  function onClick(e) {
    var a = e.target.getAttribute && e.target.getAttribute("data-a");
    if (a === "settings") {
      settings(true);
      focusables().filter(function (el) { return el.tagName === "INPUT"; }).concat(box)[0].focus();
    } else if (a === "accept") {
      decide(gpc && C.g.length ? "gpc" : "accept_all", all(true));
    } else if (a === "reject") {
      decide(e.target.getAttribute("data-w") ? "withdraw" : "reject_all", all(false));
    } else if (a === "save") {
      var st = { c: [], s: [] };
      qa("input[data-c]:not([disabled])").forEach(function (t) { if (t.checked) st.c.push(t.getAttribute("data-c")); });
      qa("input[data-s]").forEach(function (t) {
        if (t.checked && has(st.c, t.getAttribute("data-in"))) st.s.push(t.getAttribute("data-s"));
      });
      decide("custom", st);
    }
  }

  function init() {
    var style = d.createElement("style");
    style.textContent = CSS;
    d.head.appendChild(style);
    fab = d.createElement("button");
    fab.type = "button";
    fab.className = "pv-fab";
    fab.setAttribute("aria-label", U.open);
    fab.title = U.open;
    fab.innerHTML = '<svg viewBox="0 0 24 24" width="22" height="22" aria-hidden="true"><path d="M12 2a10 10 0 1 0 10 10 4 4 0 0 1-5-5 4 4 0 0 1-5-5" fill="none" stroke="currentColor" stroke-width="2"/><circle cx="8" cy="11" r="1.5" fill="currentColor"/><circle cx="14" cy="16" r="1.5" fill="currentColor"/></svg>';
    fab.addEventListener("click", function () { open(true); });
    d.body.appendChild(fab);
    dropRefused();
    if (state) {
      runScripts();
    } else {
      fab.hidden = true;
      open(false);
      post("/consent/v1/impressions", { version: C.v, lang: lang, page_url: location.href }).catch(function () {});
    }
  }
  w.personvern = {
    open: function () { open(true); },
    withdraw: function () { return decide("withdraw", all(false)); },
    consent: function () { return state; }
  };
  if (d.readyState === "loading") d.addEventListener("DOMContentLoaded", init); else init();
})(__PV_CONFIG__, __PV_CSS__, __PV_GPC__);
