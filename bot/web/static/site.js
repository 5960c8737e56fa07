// The referral page works without this script; it only makes four things quicker:
// counting the picks, printing, copying the plain-text sheet, and sending
// 「役に立った」「情報がちがう」 without leaving the page. Nothing is kept in the browser;
// the only thing sent is that vote (entry id, vote, reason) to this site.
(function () {
  "use strict";

  function pickedIds(form) {
    var boxes = form.querySelectorAll('input[name="ids"]:checked');
    return Array.prototype.map.call(boxes, function (box) {
      return box.value;
    });
  }

  // The picks travel with the form (searching again keeps them); this only counts them and
  // stops an empty sheet from being asked for.
  function setUpReferralForm() {
    var form = document.getElementById("search-form");
    var status = document.getElementById("referral-status");
    var button = document.getElementById("make-sheet");
    if (!form || !status || !button) {
      return;
    }
    var update = function () {
      var count = pickedIds(form).length;
      status.textContent = count
        ? count + "件を選んでいます。"
        : "渡す窓口を選んでください。";
    };
    form.addEventListener("change", update);
    button.addEventListener("click", function (event) {
      if (!pickedIds(form).length) {
        event.preventDefault();
        status.textContent = "先に窓口を選んでください。";
      }
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

  function sendVote(button) {
    var box = button.closest(".fb");
    var status = box.querySelector(".fb-status");
    var parts = button.value.split("|");
    var vote = { entry_id: parts[0], vote: parts[1] };
    if (parts[2]) {
      vote.reason = parts[2];
    }
    var url = button.getAttribute("formaction").replace(/\/feedback$/, "/api/feedback");
    fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(vote),
      credentials: "omit",
    })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(String(response.status));
        }
        return response.json();
      })
      .then(function (answer) {
        var reasons = box.querySelector(".fb-reasons");
        Array.prototype.forEach.call(box.querySelectorAll(".fb-vote"), function (b) {
          b.disabled = true;
        });
        if (vote.reason) {
          reasons.hidden = true;
          status.textContent = "ありがとうございます。担当者が公式の情報を確認して直します。";
        } else if (vote.vote === "wrong") {
          reasons.hidden = false;
          status.textContent = "ありがとうございます。どこがちがっていましたか？（選ばなくてもかまいません）";
        } else {
          status.textContent = answer.counted
            ? "ありがとうございます。"
            : "もう受け取っています。ありがとうございます。";
        }
      })
      .catch(function () {
        status.textContent = "送れませんでした。時間をおいてもう一度お試しください。";
      });
  }

  function setUpFeedback() {
    document.addEventListener("click", function (event) {
      var button = event.target.closest && event.target.closest(".fb-vote, .fb-reason");
      if (!button || !window.fetch) {
        return;
      }
      event.preventDefault();
      sendVote(button);
    });
  }

  setUpReferralForm();
  setUpFeedback();
  setUpPrint();
  setUpCopy();
})();
