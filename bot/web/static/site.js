// The referral page works without this script; it only makes three things quicker:
// the referral link (ids=a,b,c), printing, and copying the plain-text sheet.
// Nothing is kept in the browser and nothing is sent anywhere by this script.
(function () {
  "use strict";

  function pickedIds(form) {
    var boxes = form.querySelectorAll('input[name="ids"]:checked');
    return Array.prototype.map.call(boxes, function (box) {
      return box.value;
    });
  }

  function setUpReferralForm() {
    var form = document.getElementById("referral-form");
    if (!form) {
      return;
    }
    var status = document.getElementById("referral-status");
    var update = function () {
      var count = pickedIds(form).length;
      status.textContent = count
        ? count + "件を選んでいます。"
        : "紹介シートに入れる窓口にチェックを入れてください。";
    };
    form.addEventListener("change", update);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var ids = pickedIds(form);
      if (!ids.length) {
        status.textContent = "まず、紹介シートに入れる窓口にチェックを入れてください。";
        return;
      }
      window.location.assign(form.action + "?ids=" + ids.map(encodeURIComponent).join(","));
    });
    update();
  }

  function setUpPrint() {
    var button = document.getElementById("print-sheet");
    if (!button) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      window.print();
    });
  }

  function copyWithSelection(textarea) {
    textarea.focus();
    textarea.select();
    try {
      return document.execCommand("copy");
    } catch (error) {
      return false;
    }
  }

  function setUpCopy() {
    var button = document.getElementById("copy-text");
    var textarea = document.getElementById("plain-text");
    var status = document.getElementById("copy-status");
    if (!button || !textarea || !status) {
      return;
    }
    button.hidden = false;
    var done = function (ok) {
      status.textContent = ok
        ? "コピーしました。LINEやメールに貼り付けてください。"
        : "コピーできませんでした。文章を選んでコピーしてください。";
    };
    button.addEventListener("click", function () {
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(textarea.value).then(
          function () {
            done(true);
          },
          function () {
            done(copyWithSelection(textarea));
          }
        );
      } else {
        done(copyWithSelection(textarea));
      }
    });
  }

  setUpReferralForm();
  setUpPrint();
  setUpCopy();
})();
