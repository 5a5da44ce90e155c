// One-click moderation in the admin's comment list, in place: each row's Approve, Spam and
// Trash buttons post to the comment's moderate address without leaving the page, the row
// shows its new status with an Undo, and the pending badges follow. Without this script the
// same buttons post the list's form and the page comes back with a message and an Undo.
// Keys for moderators: j/k next/previous row, a/s/t approve/spam/trash, u undo the last one.
(function () {
  "use strict";

  var table, form, status, rows, current = -1, lastUndo = null;

  function token() {
    var input = form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function say(text) {
    if (status) {
      status.textContent = text;
    }
  }

  function post(url, value) {
    var data = new FormData();
    data.append("status", value);
    return fetch(url, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "X-CSRFToken": token(), Accept: "application/json" },
    }).then(function (response) {
      if (!response.ok) {
        throw new Error("HTTP " + response.status);
      }
      return response.json();
    });
  }

  function showPending(count) {
    document.querySelectorAll("[data-pending-count]").forEach(function (badge) {
      var number = badge.querySelector(".pending-badge__number");
      (number || badge).textContent = count;
      badge.hidden = count === 0;
    });
  }

  function setRow(row, json, undone) {
    var cell = row.querySelector(".field-status_and_reason");
    if (cell) {
      cell.textContent = json.label;
    }
    row.classList.toggle("is-moderated", !undone);
    row.querySelectorAll(".moderate-button").forEach(function (button) {
      button.disabled = !undone && button.value === json.status;
    });
    var old = row.querySelector(".row-undo");
    if (old) {
      old.remove();
    }
    if (!undone && json.changed) {
      var undo = document.createElement("button");
      undo.type = "button";
      undo.className = "button row-undo";
      undo.textContent = "Undo";
      var run = function () {
        return post(json.undo_url, json.previous).then(function (back) {
          setRow(row, back, true);
          showPending(back.pending);
          say("Undone: the comment is " + back.label.toLowerCase() + " again.");
          lastUndo = null;
        });
      };
      undo.addEventListener("click", function () {
        run().catch(function () {
          say("Could not undo; reload the page and try again.");
        });
      });
      row.querySelector(".moderate-buttons").appendChild(undo);
      lastUndo = run;
    }
  }

  function act(button) {
    var row = button.closest("tr");
    button.disabled = true;
    post(button.formAction, button.value)
      .then(function (json) {
        setRow(row, json, false);
        showPending(json.pending);
        say("Comment " + json.done + ". Press u or Undo to take it back.");
        move(rows.indexOf(row) + 1);
      })
      .catch(function () {
        button.disabled = false;
        say("Could not moderate that comment; reload the page and try again.");
      });
  }

  function move(index) {
    if (!rows.length) {
      return;
    }
    index = Math.max(0, Math.min(rows.length - 1, index));
    if (rows[current]) {
      rows[current].classList.remove("is-current");
    }
    current = index;
    rows[current].classList.add("is-current");
    rows[current].setAttribute("tabindex", "-1");
    rows[current].focus({ preventScroll: true });
    rows[current].scrollIntoView({ block: "nearest" });
  }

  function onKey(event) {
    var target = event.target;
    if (event.ctrlKey || event.metaKey || event.altKey || (target.closest && target.closest("input, textarea, select, [contenteditable]"))) {
      return;
    }
    var key = event.key;
    if (key === "j" || key === "k") {
      move(current < 0 ? 0 : current + (key === "j" ? 1 : -1));
    } else if (key === "u" && lastUndo) {
      lastUndo();
    } else if ((key === "a" || key === "s" || key === "t") && rows[current]) {
      var button = rows[current].querySelector('.moderate-button[data-key="' + key + '"]');
      if (button && !button.disabled) {
        act(button);
      }
    } else {
      return;
    }
    event.preventDefault();
  }

  document.addEventListener("DOMContentLoaded", function () {
    table = document.getElementById("result_list");
    form = document.getElementById("changelist-form");
    status = document.getElementById("queue-status");
    if (!table || !form || !table.querySelector(".moderate-button")) {
      return;
    }
    rows = Array.prototype.slice.call(table.querySelectorAll("tbody tr"));
    table.addEventListener("click", function (event) {
      var button = event.target.closest(".moderate-button");
      if (button) {
        event.preventDefault();
        act(button);
      }
    });
    document.addEventListener("keydown", onKey);
  });
})();
