// Training grids from the keyboard (no inline script: the CSP forbids it).
// Roster: P, A, E, L, D choose a row's status (the row saves itself on change); Up and Down move between rows.
// Gradebook: Enter saves and moves down, Tab moves right (the browser's own), arrow keys move; a changed cell saves
// once, on the change event that leaving it fires.
(function () {
  "use strict";
  function rowsOf(table) { return Array.prototype.slice.call(table.tBodies[0].rows); }

  function focusRowChoice(row) {
    if (!row) return;
    var choice = row.querySelector("input[type=radio]:checked") || row.querySelector("input[type=radio]");
    if (choice) choice.focus();
  }

  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    var rosterRow = target.closest && target.closest("tr.roster-row");
    if (rosterRow && target.type === "radio") {
      var key = event.key.length === 1 ? event.key.toUpperCase() : event.key;
      var choice = rosterRow.querySelector('input[type=radio][data-key="' + key + '"]');
      if (choice) {
        event.preventDefault();
        if (!choice.checked) {
          choice.checked = true;
          choice.dispatchEvent(new Event("change", { bubbles: true }));
        }
        choice.focus();
        return;
      }
      if (key === "ArrowDown" || key === "ArrowUp") {
        event.preventDefault();
        var rows = rowsOf(rosterRow.closest("table"));
        focusRowChoice(rows[rows.indexOf(rosterRow) + (key === "ArrowDown" ? 1 : -1)]);
      }
      return;
    }
    if (target.classList && target.classList.contains("grade-input")) {
      var cell = target.closest("td");
      var tr = cell.parentElement;
      var col = Array.prototype.indexOf.call(tr.cells, cell);
      var all = rowsOf(tr.closest("table"));
      var at = all.indexOf(tr);
      var next = null;
      if (event.key === "Enter" || event.key === "ArrowDown") next = all[at + 1] && all[at + 1].cells[col];
      else if (event.key === "ArrowUp") next = all[at - 1] && all[at - 1].cells[col];
      else if (event.key === "ArrowLeft" && target.selectionStart === 0 && target.selectionEnd === 0) next = tr.cells[col - 1];
      else if (event.key === "ArrowRight" && target.selectionStart === target.value.length) next = tr.cells[col + 1];
      else return;
      event.preventDefault();  // Enter must not submit the whole no-JavaScript form
      var input = next && next.querySelector(".grade-input");
      if (input) { input.focus(); input.select(); }
      else target.blur();  // the last row: leaving the cell saves it
    }
  });

  // A refused row or cell comes back marked invalid: put the cursor where the fix goes, if focus was lost with it.
  // The row is swapped whole (outerHTML): find the new one by its id.
  document.addEventListener("htmx:afterSettle", function (event) {
    var id = event.detail.target && event.detail.target.id;
    var swapped = id && document.getElementById(id);
    if (!swapped || !swapped.classList.contains("roster-row")) return;
    var lost = !document.activeElement || document.activeElement === document.body;
    var invalid = swapped.querySelector('[aria-invalid="true"]');
    if (invalid) invalid.focus();
    else if (lost) focusRowChoice(swapped);
  });
})();
