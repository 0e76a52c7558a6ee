/* Rows of a Django formset added and removed in the page (the rows of an office: position, person).
 *
 * Markup (organization/_seat_rows.html): a container [data-formset="<prefix>"] holding the management form, a
 * list [data-rows] of rows (.seat-row), a <template data-row-template> with the formset's empty form, a button
 * [data-add-row], and in every row a button [data-remove-row]. Without this script those buttons submit the form
 * and the server answers with one row less or more rows; with it nothing is sent until the official records.
 *
 * A new row is the template with "__prefix__" replaced by the next index, and <prefix>-TOTAL_FORMS counts it. A
 * removed row leaves the page: its index is simply missing from what is sent, which Django reads as an empty
 * row, and empty rows are no seats. Rows are never renumbered, so whatever a widget inside a row keeps (ids,
 * aria links) stays true. Listeners sit on the document (event delegation): rows added later work the same.
 * Each added row gets a bubbling "tanzim:row-added" event (for widgets that set themselves up), the container a
 * "tanzim:row-removed" one; window.TanzimRows.add(container) adds a row from other scripts and returns it.
 * No inline code anywhere: the Content-Security-Policy allows scripts from this site's files only.
 */
(function () {
  "use strict";

  function totalInput(container) {
    var prefix = container.getAttribute("data-formset");
    return container.querySelector('input[name="' + prefix + '-TOTAL_FORMS"]');
  }

  function addRow(container) {
    var template = container.querySelector("template[data-row-template]");
    var list = container.querySelector("[data-rows]");
    var total = totalInput(container);
    if (!template || !list || !total) {
      return null;
    }
    var index = parseInt(total.value, 10) || 0;
    var holder = document.createElement("template");
    holder.innerHTML = template.innerHTML.split("__prefix__").join(String(index));
    var row = holder.content.querySelector(".seat-row");
    if (!row) {
      return null;
    }
    list.appendChild(row);
    total.value = String(index + 1);
    row.dispatchEvent(new CustomEvent("tanzim:row-added", { bubbles: true, detail: { index: index } }));
    return row;
  }

  function firstField(row) {
    return row.querySelector("select, input:not([type=hidden]), textarea");
  }

  function removeRow(row) {
    var container = row.closest("[data-formset]");
    var next = row.nextElementSibling || row.previousElementSibling;
    row.remove();
    if (container) {
      container.dispatchEvent(new CustomEvent("tanzim:row-removed", { bubbles: true }));
      // Keep the keyboard where the official was: the neighbouring row's button, or the one that adds rows.
      var focus = next ? next.querySelector("[data-remove-row]") : container.querySelector("[data-add-row]");
      if (focus) {
        focus.focus();
      }
    }
  }

  document.addEventListener("click", function (event) {
    var target = event.target instanceof Element ? event.target : null;
    if (!target) {
      return;
    }
    var add = target.closest("[data-add-row]");
    if (add) {
      var container = add.closest("[data-formset]");
      if (container) {
        event.preventDefault();
        var row = addRow(container);
        var field = row && firstField(row);
        if (field) {
          field.focus();
        }
      }
      return;
    }
    var remove = target.closest("[data-remove-row]");
    if (remove) {
      var seat = remove.closest(".seat-row");
      if (seat) {
        event.preventDefault();
        removeRow(seat);
      }
    }
  });

  document.documentElement.classList.add("rows-js");
  window.TanzimRows = { add: addRow, remove: removeRow };
})();
