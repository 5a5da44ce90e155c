// Names for the admin's unlabelled form controls, on every admin page. Django's tabular inlines
// give their inputs a column header but no label, select2's search boxes have none, and an
// inline's first header cell is empty: screen readers (and axe-core) find them nameless.
// Each control without a name gets one from its column, its field's label or its menu.
(function () {
  "use strict";

  function text(element) {
    return (element.textContent || "").replace(/\s+/g, " ").trim().replace(/:$/, "");
  }

  function named(control) {
    if (control.type === "hidden" || control.getAttribute("aria-label") || control.getAttribute("aria-labelledby")) {
      return true;
    }
    if (control.closest("label")) {
      return true;
    }
    return Boolean(control.id && document.querySelector('label[for="' + CSS.escape(control.id) + '"]'));
  }

  function columnName(control) {
    var cell = control.closest("td");
    var table = cell && cell.closest(".tabular table");
    if (!table) {
      return null;
    }
    var field = Array.prototype.find.call(cell.classList, function (name) {
      return name.indexOf("field-") === 0;
    });
    var header = field ? table.querySelector("thead th.column-" + field.slice(6)) : null;
    if (!header && cell.classList.contains("delete")) {
      header = table.querySelector("thead th:last-child");
    }
    if (!header) {
      return null;
    }
    var rows = Array.prototype.filter.call(cell.closest("tbody").children, function (row) {
      return row.classList.contains("form-row") && !row.classList.contains("empty-form");
    });
    return text(header) + " (row " + (rows.indexOf(cell.closest("tr")) + 1) + ")";
  }

  function menuName(control) {
    if (!control.classList.contains("select2-search__field")) {
      return null;
    }
    var container = control.closest(".select2");
    var select = container && container.previousElementSibling;
    var label = select && select.id && document.querySelector('label[for="' + CSS.escape(select.id) + '"]');
    return label ? "Search " + text(label) : "Search";
  }

  function fieldName(control) {
    var row = control.closest(".fieldBox, .form-row");
    var label = row && row.querySelector("label, legend");
    if (!label) {
      return null;
    }
    var part = /_0$/.test(control.id) ? " (date)" : /_1$/.test(control.id) ? " (time)" : "";
    return text(label) + part;
  }

  function nameAll() {
    document.querySelectorAll(".tabular thead th").forEach(function (header) {
      if (!text(header) && !header.querySelector(".visually-hidden")) {
        var hidden = document.createElement("span");
        hidden.className = "visually-hidden";
        hidden.textContent = header.classList.contains("original") ? "Saved entry" : "Column";
        header.appendChild(hidden);
      }
    });
    document.querySelectorAll("#content input, #content select, #content textarea").forEach(function (control) {
      if (!named(control)) {
        var name = columnName(control) || menuName(control) || fieldName(control);
        if (name) {
          control.setAttribute("aria-label", name);
        }
      }
    });
  }

  var pending = null;
  document.addEventListener("DOMContentLoaded", function () {
    nameAll();
    // Inline rows added and select2 menus drawn after load get their names too.
    new MutationObserver(function () {
      window.clearTimeout(pending);
      pending = window.setTimeout(nameAll, 30);
    }).observe(document.getElementById("content") || document.body, { childList: true, subtree: true });
  });
})();
