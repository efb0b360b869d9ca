// The few behaviours htmx needs beyond its attributes (no inline script: the CSP forbids it).
// No silent failures: a response htmx does not swap (403, 404, 409, 429, 5xx, stale CSRF) shows its message
// next to the control that was used (the top banner is off-screen on a long page; it takes only the errors
// that have no such place).
(function () {
  "use strict";
  function showBanner(text) {
    var banner = document.getElementById("error-banner");
    if (!banner) return;
    banner.textContent = text;
    banner.hidden = false;
  }
  function errorOf(xhr) {
    var doc = new DOMParser().parseFromString(xhr.responseText || "", "text/html");
    var el = doc.querySelector("[data-error-message]");
    if (!el) return { text: "Something went wrong (" + xhr.status + "). Please reload the page." };
    return {
      text: el.getAttribute("data-error-message"),
      href: el.getAttribute("data-error-link"),
      linkText: el.getAttribute("data-error-link-text"),
      staleSession: el.hasAttribute("data-stale-session"),
    };
  }
  // The element that made the request, if a message can stand right after it (not a table row, not the page).
  function placeFor(elt) {
    if (!elt || !elt.isConnected || !elt.parentElement) return null;
    if (/^(TR|TBODY|THEAD|TFOOT|TABLE|HTML|BODY|MAIN)$/.test(elt.tagName)) return null;
    return elt;
  }
  // A form holds the message as its last child (beside its buttons); any other element is followed by it.
  function actionError(elt) {
    if (!elt) return null;
    var near = elt.tagName === "FORM" ? elt.lastElementChild : elt.nextElementSibling;
    return near && near.classList.contains("action-error") ? near : null;
  }
  function showNear(elt, error) {
    var note = actionError(elt);
    if (!note) {
      note = document.createElement("p");
      note.className = "action-error";
      note.setAttribute("role", "alert");
      elt.insertAdjacentElement(elt.tagName === "FORM" ? "beforeend" : "afterend", note);
    }
    note.textContent = error.text;
    if (error.href) {
      var link = document.createElement("a");
      link.href = error.href;
      link.target = "_blank";
      link.rel = "noopener";
      link.textContent = error.linkText || error.href;
      note.appendChild(document.createTextNode(" "));
      note.appendChild(link);
    }
  }
  function report(elt, error) {
    var place = placeFor(elt);
    if (place) showNear(place, error);
    else showBanner(error.text);
  }
  document.addEventListener("htmx:responseError", function (evt) {
    var error = errorOf(evt.detail.xhr);
    if (error.staleSession) tokenStale = true;
    report(evt.detail.elt, error);
  });

  // The sign-in ended (401) or the CSRF token went stale (400): the form stays as typed, and once the user has
  // signed in again (in another tab) this page's token belongs to a session that is gone. Before the next
  // request, fetch a fresh token (a page of this site, as the browser's cookie now opens it) and use it.
  var tokenStale = false;
  var refreshing = null;
  function freshToken() {
    return fetch(location.pathname + location.search, { credentials: "same-origin" })
      .then(function (response) { return response.text(); })
      .then(function (html) {
        var meta = new DOMParser().parseFromString(html, "text/html").querySelector("meta[name='csrf-token']");
        return meta ? meta.getAttribute("content") : null;
      });
  }
  function useToken(token) {
    if (!token) return;
    var meta = document.querySelector("meta[name='csrf-token']");
    if (meta) meta.setAttribute("content", token);
    var headers = JSON.parse(document.body.getAttribute("hx-headers") || "{}");
    headers["X-CSRFToken"] = token;
    document.body.setAttribute("hx-headers", JSON.stringify(headers));
    document.querySelectorAll("input[name='csrf_token']").forEach(function (input) { input.value = token; });
  }
  document.addEventListener("htmx:confirm", function (evt) {
    if (!tokenStale) return;
    evt.preventDefault();
    if (!refreshing) {
      refreshing = freshToken().then(useToken, function () {}).then(function () {
        tokenStale = false;
        refreshing = null;
      });
    }
    refreshing.then(function () { evt.detail.issueRequest(); });
  });
  document.addEventListener("htmx:sendError", function (evt) {
    report(evt.detail.elt, { text: "The hall's server could not be reached. Check your connection and try again." });
  });
  // Narrow screens: the main menu folds behind its Menu button (without JavaScript it stays open).
  var toggle = document.querySelector(".menu-toggle");
  var menu = document.getElementById("main-menu");
  if (toggle && menu) {
    var narrow = window.matchMedia("(max-width: 48rem)");
    var setFolded = function (folded) {
      menu.classList.toggle("folded", folded);
      toggle.setAttribute("aria-expanded", String(!folded));
    };
    var fit = function () {
      toggle.hidden = !narrow.matches;
      setFolded(narrow.matches);
    };
    toggle.addEventListener("click", function () {
      setFolded(!menu.classList.contains("folded"));
    });
    narrow.addEventListener("change", fit);
    fit();
  }
  // A table wider than a phone scrolls inside its own box: keyboard users reach it with Tab to scroll it.
  function markScrollingTables() {
    document.querySelectorAll("table").forEach(function (table) {
      if (table.scrollWidth > table.clientWidth) table.setAttribute("tabindex", "0");
      else table.removeAttribute("tabindex");
    });
  }
  markScrollingTables();
  window.addEventListener("resize", markScrollingTables);
  document.addEventListener("htmx:afterSettle", markScrollingTables);
  document.addEventListener("htmx:beforeRequest", function (evt) {
    var banner = document.getElementById("error-banner");
    if (banner) banner.hidden = true;
    var note = actionError(evt.detail.elt);
    if (note) note.remove();
  });

  // Inline editors (a form marked data-inline-editor, swapped in by a click-to-edit control): focus moves to
  // the first field, Escape cancels, and once the form is gone (saved or cancelled) focus goes back to the
  // control that opened it. Openers are found again by id: the swap back draws them anew. This runs once the
  // swap has settled, when htmx has wired the new elements: a key pressed at once then reaches htmx, not the
  // browser's plain link or form.
  var openers = {}; // editor form id -> id of the control that opened it
  function firstField(form) {
    return form.querySelector("[aria-invalid='true']") ||
      form.querySelector("input:not([type=hidden]):not([type=submit]):not([disabled]), select, textarea");
  }
  function focusUnlessTyping(form, field) {
    // The swap settles a moment after it shows: a user (or a test) may already be in one of the form's fields,
    // and focus must not jump away from what they are typing.
    if (field && !form.contains(document.activeElement)) field.focus();
  }
  function requesterOf(evt) {
    return (evt.detail.requestConfig && evt.detail.requestConfig.elt) || null;
  }
  document.addEventListener("htmx:afterSettle", function (evt) {
    Object.keys(openers).forEach(function (editorId) {
      var still = document.getElementById(editorId); // the panel swapped back may share the form's id
      if (still && still.matches("form[data-inline-editor]")) return;
      var opener = document.getElementById(openers[editorId]);
      delete openers[editorId];
      if (opener) opener.focus();
    });
    var root = evt.target;
    if (!root || !root.querySelectorAll) return;
    var editors = Array.prototype.slice.call(root.querySelectorAll("form[data-inline-editor]"));
    if (root.matches("form[data-inline-editor]")) editors.unshift(root);
    editors.forEach(function (form) {
      var requester = requesterOf(evt);
      if (!(form.id in openers)) {
        openers[form.id] = requester && requester.id && !form.contains(requester) ? requester.id : null;
        focusUnlessTyping(form, firstField(form));
      } else if (form.querySelector("[aria-invalid='true']")) {
        focusUnlessTyping(form, firstField(form)); // saved with errors: to the first field to fix
      }
    });
  });
  document.addEventListener("keydown", function (evt) {
    if (evt.key !== "Escape" || !evt.target.closest) return;
    var form = evt.target.closest("form[data-inline-editor]");
    var cancel = form && form.querySelector("[data-cancel]");
    if (!cancel) return;
    evt.preventDefault();
    cancel.click();
  });
})();
