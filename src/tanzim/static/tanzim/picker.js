/* Type-ahead pickers (persons, places): territory/widgets.py draws them, this file brings them to life.
 *
 * Every listener is on the document (event delegation), so a picker in a row another script adds later (a formset's
 * empty row, cloned) works without being set up. No inline script or handler: the Content-Security-Policy allows
 * none. The markup: .picker[data-picker][data-source] holding a hidden input [data-picker-value] (what the form
 * reads), the text box .picker-input (role=combobox), the list .picker-list (role=listbox) and a live region.
 * Without this file the text box is sent as typed and the server reads it (a code, a unique name, a card number).
 */
(function () {
  "use strict";

  var DELAY = 180; // ms after the last key before asking
  var counter = 0;

  function parts(el) {
    var picker = el.closest("[data-picker]");
    if (!picker) return null;
    return {
      picker: picker,
      value: picker.querySelector(":scope > [data-picker-value]"),
      input: picker.querySelector(":scope > .picker-input"),
      list: picker.querySelector(":scope > .picker-list"),
      status: picker.querySelector(":scope > .picker-status"),
      fresh: picker.querySelector(":scope > .picker-new")
    };
  }

  function ensureIds(p) {
    // A cloned row may carry the ids of the row it was cloned from: give the list one of its own.
    if (!p.list.id || document.querySelectorAll("#" + CSS.escape(p.list.id)).length > 1) {
      counter += 1;
      p.list.id = "picker-list-" + counter + "-" + Date.now().toString(36);
    }
    p.input.setAttribute("aria-controls", p.list.id);
  }

  function options(p) {
    return Array.prototype.slice.call(p.list.querySelectorAll("[role=option]"));
  }

  function choosable(option) {
    return option.getAttribute("aria-disabled") !== "true";
  }

  function close(p) {
    p.list.hidden = true;
    p.input.setAttribute("aria-expanded", "false");
    p.input.removeAttribute("aria-activedescendant");
  }

  function activate(p, option) {
    options(p).forEach(function (o) {
      o.classList.toggle("active", o === option);
      o.setAttribute("aria-selected", o === option ? "true" : "false");
    });
    if (option) {
      p.input.setAttribute("aria-activedescendant", option.id);
      option.scrollIntoView({ block: "nearest" });
    } else {
      p.input.removeAttribute("aria-activedescendant");
    }
  }

  function move(p, step) {
    var all = options(p).filter(choosable);
    if (!all.length) return;
    var current = p.list.querySelector("[role=option].active");
    var index = all.indexOf(current);
    index = index < 0 ? (step > 0 ? 0 : all.length - 1) : (index + step + all.length) % all.length;
    activate(p, all[index]);
  }

  function clearNew(p) {
    if (!p.fresh) return;
    p.fresh.open = false;
    p.fresh.querySelectorAll("input, select").forEach(function (field) {
      if (field.type === "checkbox" || field.type === "radio") field.checked = false;
      else field.value = "";
    });
  }

  function splitName(typed) {
    var words = typed.trim().split(/\s+/).filter(Boolean);
    if (!words.length) return ["", ""];
    return [words[0], words.slice(1).join(" ")];
  }

  function openNew(p, typed) {
    if (!p.fresh) return;
    p.value.value = "";
    p.fresh.open = true;
    var arabic = /[\u0600-\u06FF]/.test(typed);
    var names = splitName(typed);
    var first = p.fresh.querySelector("[name$='_new-first_name_" + (arabic ? "ar" : "latin") + "']");
    var last = p.fresh.querySelector("[name$='_new-last_name_" + (arabic ? "ar" : "latin") + "']");
    if (first && !first.value) first.value = names[0];
    if (last && !last.value) last.value = names[1];
    p.input.value = "";
    close(p);
    var next = p.fresh.querySelector("input:not([type=hidden]), select");
    if (next) next.focus();
  }

  function choose(p, option) {
    if (!option || !choosable(option)) return;
    if (option.hasAttribute("data-new")) {
      openNew(p, option.getAttribute("data-typed") || p.input.value);
      return;
    }
    p.value.value = option.getAttribute("data-value");
    p.input.value = option.getAttribute("data-label");
    p.input.setAttribute("data-chosen", p.input.value);
    clearNew(p);
    close(p);
    p.value.dispatchEvent(new Event("change", { bubbles: true }));
  }

  function show(p, html, text) {
    p.list.setAttribute("data-query", text); // which question the list answers (tests wait for it)
    var holder = document.createElement("template");
    holder.innerHTML = html;
    var answer = holder.content.querySelector("ul");
    p.list.replaceChildren();
    if (!answer) return close(p);
    Array.prototype.slice.call(answer.children).forEach(function (item, i) {
      item.id = p.list.id + "-" + i;
      item.setAttribute("aria-selected", "false");
      p.list.appendChild(item);
    });
    if (p.status) p.status.textContent = answer.getAttribute("data-status") || "";
    var any = p.list.children.length > 0;
    p.list.hidden = !any;
    p.input.setAttribute("aria-expanded", any ? "true" : "false");
  }

  function ask(p) {
    var text = p.input.value.trim();
    if (!text) {
      p.list.replaceChildren();
      return close(p);
    }
    var source = p.picker.getAttribute("data-source");
    var url = source + (source.indexOf("?") < 0 ? "?" : "&") + "q=" + encodeURIComponent(text);
    var asked = (p.picker._asked = (p.picker._asked || 0) + 1);
    fetch(url, { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
      .then(function (r) {
        return r.ok ? r.text() : "";
      })
      .then(function (html) {
        // Answers may come back out of order: only the latest question's answer is shown.
        if (asked === p.picker._asked && document.activeElement === p.input) show(p, html, text);
      })
      .catch(function () {});
  }

  document.addEventListener("input", function (event) {
    if (!event.target.classList || !event.target.classList.contains("picker-input")) return;
    var p = parts(event.target);
    if (!p) return;
    ensureIds(p);
    // What is typed after a choice is a new search: the choice is no longer what the box says.
    if (p.value.value && p.input.value !== p.input.getAttribute("data-chosen")) p.value.value = "";
    clearTimeout(p.picker._timer);
    p.picker._timer = setTimeout(function () {
      ask(p);
    }, DELAY);
  });

  document.addEventListener("keydown", function (event) {
    if (!event.target.classList || !event.target.classList.contains("picker-input")) return;
    var p = parts(event.target);
    if (!p) return;
    var open = !p.list.hidden;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      if (!open && p.list.children.length) {
        p.list.hidden = false;
        p.input.setAttribute("aria-expanded", "true");
      }
      move(p, event.key === "ArrowDown" ? 1 : -1);
    } else if (event.key === "Enter") {
      if (open) {
        // Enter chooses; it does not send the form while the list is open.
        event.preventDefault();
        var active = p.list.querySelector("[role=option].active");
        var first = options(p).filter(choosable);
        choose(p, active || (first.length === 1 ? first[0] : null));
      }
    } else if (event.key === "Escape") {
      if (open) {
        event.preventDefault();
        close(p);
      }
    } else if (event.key === "Tab") {
      close(p);
    }
  });

  // mousedown keeps the focus in the box (a click on the list would blur it first); click chooses.
  document.addEventListener("mousedown", function (event) {
    if (event.target.closest && event.target.closest(".picker-list")) event.preventDefault();
  });

  document.addEventListener("click", function (event) {
    var option = event.target.closest && event.target.closest(".picker-list [role=option]");
    if (!option) return;
    var p = parts(option);
    if (p) choose(p, option);
  });

  document.addEventListener("focusout", function (event) {
    if (!event.target.classList || !event.target.classList.contains("picker-input")) return;
    var p = parts(event.target);
    if (!p) return;
    setTimeout(function () {
      if (!p.picker.contains(document.activeElement)) close(p);
    }, 150);
  });

  // A new person's details typed: the chosen registry person (if any) is no longer the row's person.
  document.addEventListener("input", function (event) {
    var fresh = event.target.closest && event.target.closest(".picker-new");
    if (!fresh || event.target.classList.contains("picker-input")) return;
    var p = parts(fresh);
    if (p && event.target.value) {
      p.value.value = "";
      p.input.value = "";
      p.input.removeAttribute("data-chosen");
    }
  });
})();
