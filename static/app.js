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
  document.addEventListener("htmx:beforeRequest", function () {
    var banner = document.getElementById("error-banner");
    if (banner) banner.hidden = true;
  });
})();
