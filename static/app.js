// The few behaviours htmx needs beyond its attributes (no inline script: the CSP forbids it).
// No silent failures: a response htmx does not swap (403, 404, 409, 429, 5xx, stale CSRF) shows a banner.
(function () {
  "use strict";
  function showBanner(text) {
    var banner = document.getElementById("error-banner");
    if (!banner) return;
    banner.textContent = text;
    banner.hidden = false;
  }
  function messageOf(xhr) {
    var doc = new DOMParser().parseFromString(xhr.responseText || "", "text/html");
    var el = doc.querySelector("[data-error-message]");
    return el ? el.getAttribute("data-error-message") : "Something went wrong (" + xhr.status + "). Please reload the page.";
  }
  document.addEventListener("htmx:responseError", function (evt) {
    showBanner(messageOf(evt.detail.xhr));
  });
  document.addEventListener("htmx:sendError", function () {
    showBanner("The hall's server could not be reached. Check your connection and try again.");
  });
  // Plain (non-htmx) forms that change something important ask first; htmx forms use hx-confirm.
  document.addEventListener("submit", function (evt) {
    var message = evt.target.getAttribute && evt.target.getAttribute("data-confirm");
    if (message && !window.confirm(message)) evt.preventDefault();
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
  document.addEventListener("htmx:beforeRequest", function () {
    var banner = document.getElementById("error-banner");
    if (banner) banner.hidden = true;
  });
})();
