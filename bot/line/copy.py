"""What the bot says, in Japanese and English. Numbers never appear here: they come
from the knowledge base, where each one is sourced."""

from __future__ import annotations

from typing import Literal

# easy: やさしい日本語 (short sentences, common words, few kanji), for a woman who writes in
# spaced hiragana or says she reads little Japanese; a text without its own falls back to ja.
Lang = Literal["ja", "en", "easy"]

TEXT: dict[str, dict[str, str]] = {
    "welcome": {
        "ja": (
            "友だち追加ありがとうございます。\n"
            "ここは、東京都の女性向けの相談窓口・電話・支援を探すための案内です。相談員ではありませんが、"
            "あなたに合いそうな窓口と、つながる方法をお知らせします。\n\n"
            "書いてくれた内容は保存しません。"
        ),
        "en": (
            "Thank you for adding us.\n"
            "This account helps you find support services for women in Tokyo. We are a guide, not a "
            "counsellor: we show you where to turn and how to reach them.\n\n"
            "What you write here is not kept."
        ),
    },
    "emergency_intro": {
        "easy": "いま あぶない ときは、すぐ この 番号に 電話して ください。",
        "ja": "いま危ないとき、すぐ使える番号です。",
        "en": "If you are in danger now, these numbers work right away.",
    },
    "slow_down": {
        "ja": (
            "短い時間にたくさんのメッセージが届いたため、少しのあいだ簡単なお返事になります。"
            "1分ほどたってから、もう一度書いてください。"
        ),
        "en": (
            "Many messages arrived in a short time, so for a moment the answers are brief. "
            "Please write again in about a minute."
        ),
    },
    "how_to": {
        "easy": (
            "こまって いる ことを そのまま 書いて ください（れい: おっとが こわい）。"
            "下の ボタンからも えらべます。"
        ),
        "ja": (
            "使い方: 困っていることを、そのままの言葉で書いてください（例: 夫が怖くて家に帰れない）。"
            "下のボタンから分野を選ぶこともできます。"
        ),
        "en": (
            "How to use: write what is happening in your own words (for example: my husband hits me), "
            "or tap a topic below."
        ),
    },
    "safety_short": {
        "ja": (
            "安全のために: 通知にメッセージの内容が出ないよう、LINEの通知設定で「メッセージ内容を表示」を"
            "オフにできます。見られたくないときは、このトークを削除してください。"
        ),
        "en": (
            "For your safety: you can hide message previews in LINE's notification settings, and delete "
            "this chat if someone might look at your phone."
        ),
    },
    "safety_tips": {
        "ja": (
            "安全のヒント\n"
            "・通知: LINEの設定→通知→「メッセージ内容を表示」をオフにすると、画面に内容が出ません。\n"
            "・トークの削除: トーク一覧でこのトークを左にスワイプ→削除。\n"
            "・電話の履歴: 相談窓口にかけた発信履歴は、電話アプリから消せます。\n"
            "・スマホを見られているかもしれないときは、信頼できる人の電話や公衆電話も使えます。\n"
            "・このアカウントが覚えている情報（直前に表示した窓口など）は、「データを消す」でいつでも消せます。"
            "何もしなくても30分で消えます。"
        ),
        "en": (
            "Safety tips\n"
            "- Notifications: LINE Settings > Notifications > turn off 'Message previews'.\n"
            "- Delete this chat: swipe it left in your chat list and delete.\n"
            "- Call history: calls to helplines can be removed in your phone app.\n"
            "- If your phone may be watched, a trusted person's phone or a public phone also works.\n"
            "- What this account remembers (the services last shown) is erased with 'Erase my data', "
            "and by itself after 30 minutes."
        ),
    },
    "results_intro": {
        "easy": "この まどぐちに 相談 できます。",
        "ja": "こちらの窓口が合いそうです。",
        "en": "These services may help. Names are in Japanese; lines marked 'English' take calls in English.",
    },
    "results_intro_foreign": {
        "easy": "この まどぐちに 相談 できます。",
        "ja": "こちらの窓口が合いそうです。",
        "en": (
            "These services may help. The first ones accept foreign languages or can arrange an "
            "interpreter. Other lines are in Japanese."
        ),
    },
    "declined_locate": {
        "easy": (
            "ここでは、だれが 相談 したか、いま どこに いるかは 言いません。"
            "相談 した 人を まもる ためです。家族が いなくなって しんぱいな ときは、"
            "けいさつに 相談 して ください。"
        ),
        "ja": (
            "ここでは、どなたかが相談したかどうかや、いまどこにいるかは、お答えしていません。"
            "相談した人の安全を守るためです。相談窓口も、だれにもお答えしません。"
            "ご家族の行方が分からず心配なときは、警察（交番・警察署）に相談してください。"
            "ご自身のことで困っているときは、下の分野から選んでください。"
        ),
        "en": (
            "We never say whether someone has asked for help, or where anyone is: "
            "this keeps the people who ask for help safe, and the services never say it either. "
            "If a family member is missing and you are worried, talk to the police. "
            "If you need help for yourself, pick a topic below."
        ),
    },
    "remembered": {
        "easy": "（まえに 聞いた「{what}」に あわせて います。「データを けす」で けせます）",
        "ja": "（前に教えてくれた「{what}」に合わせています。「データを消す」でいつでも忘れます）",
        "en": "(Chosen with what you told us: {what}. Tap 'Erase my data' to make us forget.)",
    },
    "shelter_front_door": {
        "easy": (
            "にげる ばしょ（シェルター）の 場所は ひみつです。"
            "女性相談支援センターに 電話 して「家に いられない」と 言って ください。"
            "あんぜんな ばしょを さがして くれます。"
        ),
        "ja": (
            "逃げる場所（シェルター・一時保護）は、安全のため場所を公開していません。"
            "女性相談支援センターに電話して「家にいられない」と伝えると、安全に過ごせる場所を一緒に考えて手配してくれます。"
        ),
        "en": (
            "Shelters keep their addresses secret, for everyone's safety. Call the Women's Consultation "
            "Center and say you cannot stay at home: they arrange a safe place with you."
        ),
    },
    "greeting": {
        "easy": (
            "こんにちは。ここでは、東京の 女性の 相談 まどぐちを さがします。"
            "こまって いる ことを 書いて ください。"
        ),
        "ja": (
            "こんにちは。ここでは、東京都の女性のための相談窓口を探すお手伝いをしています。"
            "困っていることを、そのままの言葉で書いてください。下のボタンから選ぶこともできます。"
        ),
        "en": (
            "Hello. This account helps you find support services for women in Tokyo. Write what is "
            "happening in your own words, or pick a topic below."
        ),
    },
    "thanks": {
        "easy": "どういたしまして。また こまったら 書いて ください。",
        "ja": "どういたしまして。また困ったことがあれば、いつでも書いてください。",
        "en": "You are welcome. Write again whenever something troubles you.",
    },
    "human": {
        "easy": (
            "これは 人では ありません。自動で へんじを します。"
            "書いた ことは のこしません。人と 話したい ときは、"
            "まどぐちに 電話 して ください。"
        ),
        "ja": (
            "これは自動でお返事する案内で、人ではありません。書いたことは保存しません。"
            "人と話したいときは、お返事に出てくる窓口に電話やLINEで相談できます。"
        ),
        "en": (
            "This is an automatic guide, not a person, and it keeps nothing you write. To talk to a "
            "person, contact one of the services it shows you."
        ),
    },
    "bye": {
        "easy": "ありがとう ございました。また 書いて ください。",
        "ja": "お話ししてくれてありがとう。また必要なときは、いつでも書いてください。",
        "en": "Thank you for writing. Come back whenever you need to.",
    },
    "emoji": {
        "easy": (
            "ありがとう。こまって いる ことを ことばで 書いて ください。"
            "いま あぶない ときは、下の「いま あぶない」を おして ください。"
        ),
        "ja": (
            "送ってくれてありがとう。話せることがあれば、あなたの言葉で書いてください。"
            "いま危ないときは、下の「いま危ないとき」を押すと、すぐ使える番号が出ます。"
        ),
        "en": (
            "Thank you for your message. If you can, tell us in your own words what is happening. "
            "If you are in danger now, tap 'In danger now' below for numbers you can call right away."
        ),
    },
    "nonsense": {
        "easy": "よく わかりません でした。こまって いる ことを、あなたの ことばで 書いて ください。",
        "ja": (
            "うまく読み取れませんでした。困っていることを、あなたの言葉で書いてみてください"
            "（たとえば「夫が怖くて家に帰れない」）。下の分野から選ぶこともできます。"
        ),
        "en": (
            "We could not read that. Please tell us in your own words what is happening "
            "(for example: my husband scares me and I can't go home), or pick a topic below."
        ),
    },
    "no_match": {
        "easy": (
            "ぴったりの まどぐちが 見つかりません でした。ほかの ことばで 書いて ください。"
            "下の ボタンからも えらべます。"
        ),
        "ja": (
            "ごめんなさい、ぴったりの窓口を見つけられませんでした。ことばを変えて書くか、下の分野から選んでください。"
            "何を相談したらいいかわからないときも、女性相談支援センターが話を聞いてくれます。"
        ),
        "en": (
            "Sorry, we could not find a service that fits. Try other words or pick a topic below. "
            "If you are not sure what to ask, the Tokyo Women's Consultation Center listens to anything."
        ),
    },
    "no_more": {
        "easy": "ほかの まどぐちは ありません。下の ボタンから えらべます。",
        "ja": "ほかに表示できる窓口はありません。分野から探すこともできます。",
        "en": "There are no more services for this. You can also browse by topic.",
    },
    "text_only": {
        "easy": "電話 しなくても、文字で 相談 できる まどぐちです（LINE・チャット・メール）。",
        "ja": "電話をしなくても、文字で相談できる窓口です（LINE・チャット・メール）。",
        "en": "Services you can contact in writing (LINE, chat, e-mail), without a phone call.",
    },
    "text_only_none": {
        "ja": (
            "文字で相談できる窓口は、この中にはありません。はあとぶるLINEやDV相談＋（チャット）も使えます。"
        ),
        "en": "None of these take written messages. DV Soudan Plus offers chat.",
    },
    "non_text": {
        "ja": (
            "メッセージありがとうございます。スタンプや画像・音声の内容はわからないので、"
            "困っていることを文字で書いてください。下の分野から選ぶこともできます。"
        ),
        "en": (
            "Thank you. We cannot read stickers, images or recordings: please write what is happening in "
            "words, or tap a topic below."
        ),
    },
    "group": {
        "ja": (
            "このアカウントは1対1のトークで使うためのものです。グループでの発言は読みません。"
            "相談先を探すときは、このアカウントと1対1のトークで話しかけてください。"
        ),
        "en": "This account is for one-to-one chats only; it does not read group messages.",
    },
    "forgotten": {
        "easy": "データを けしました。",
        "ja": (
            "このアカウントが覚えていた情報（直前に表示した窓口の番号、文字で相談モード）を消しました。"
            "トークの履歴は、あなたのスマホからこのトークを削除すると消えます。"
        ),
        "en": (
            "We have erased what this account remembered about this chat (the services last shown, text "
            "mode). To remove the chat history itself, delete this chat on your phone."
        ),
    },
    "location_ku": {
        "ja": "23区内からの相談は、東京都女性相談支援センター（本所）が受け付けています。",
        "en": "For the 23 wards, the Tokyo Women's Consultation Center (main office) is the place to call.",
    },
    "location_tama": {
        "ja": "多摩地域・島しょからの相談は、東京都女性相談支援センター 多摩支所が受け付けています。",
        "en": "For the Tama area and the islands, the Tama branch of the Women's Consultation Center.",
    },
    "location_other": {
        "ja": (
            "東京都の外のようです。DV相談ナビ（#8008）にかけると、いる場所の近くの窓口につながります。"
            "東京都の窓口にも相談できます。"
        ),
        "en": "This looks outside Tokyo. #8008 connects you to the nearest DV consultation center.",
    },
    "location_own": {
        "ja": "{place}の窓口も、先にのせています。",
        "en": " The window of {place} comes first.",
    },
    "location_unknown": {
        "ja": "住所がわからなかったので、都内全域の入口になる窓口をお知らせします。",
        "en": "We could not read the address; here is the front door for all of Tokyo.",
    },
    "unknown": {
        "easy": "ごめんなさい。わかりません でした。こまって いる ことを 書いて ください。",
        "ja": "ごめんなさい、このメッセージには答えられません。困っていることを文字で書いてください。",
        "en": "Sorry, we cannot answer this kind of message. Please write what is happening in words.",
    },
    "detail_missing": {
        "ja": "この窓口の情報は見つかりませんでした。もう一度探してください。",
        "en": "We could not find this service any more. Please search again.",
    },
    "thanks_helpful": {
        "ja": "知らせてくださってありがとうございます。窓口の案内をよくするために使います。",
        "en": "Thank you for letting us know. It helps us keep these guides useful.",
    },
    "ask_wrong": {
        "ja": (
            "知らせてくださってありがとうございます。どこがちがっていましたか？（選ばなくてもかまいません）"
        ),
        "en": "Thank you for telling us. What was wrong? (You do not have to choose.)",
    },
    "thanks_wrong": {
        "ja": "ありがとうございます。担当者が公式の情報を確認して直します。",
        "en": "Thank you. We will check the official information and correct it.",
    },
    "already_voted": {
        "ja": "もう受け取っています。ありがとうございます。",
        "en": "We already have this. Thank you.",
    },
}

LABEL: dict[str, dict[str, str]] = {
    "call": {"easy": "でんわ する", "ja": "電話する", "en": "Call"},
    "copy": {"easy": "コピー", "ja": "コピー", "en": "Copy"},
    "open": {"ja": "ページを開く", "en": "Open page"},
    "detail": {"easy": "くわしく", "ja": "くわしく", "en": "Details"},
    "more": {"easy": "ほかの まどぐち", "ja": "ほかの窓口", "en": "More services"},
    "text_only": {"easy": "でんわ できない", "ja": "電話できない", "en": "Can't call"},
    "region_ku": {"easy": "23区", "ja": "23区", "en": "23 wards"},
    "region_tama": {"easy": "多摩・島", "ja": "多摩・島しょ", "en": "Tama and islands"},
    "safety": {"easy": "あんぜんの ために", "ja": "安全のヒント", "en": "Safety tips"},
    "forget": {"easy": "データを けす", "ja": "データを消す", "en": "Erase my data"},
    "open_now": {"easy": "● いま 受付中", "ja": "● 受付中", "en": "● Open now"},
    "closed_now": {"easy": "いまは 受付 していない", "ja": "受付時間外", "en": "Closed now"},
    "alt_neutral": {
        "easy": "メッセージが とどきました",
        "ja": "ご案内が届きました",
        "en": "You have a new message",
    },
    "unconfirmed": {"easy": "時間を たしかめて", "ja": "時間を要確認", "en": "Check hours"},
    "checked": {"easy": "たしかめた日", "ja": "確認日", "en": "Checked"},
    "source": {"ja": "出典", "en": "Source"},
    "english": {"ja": "英語可", "en": "English"},
    "emergency": {"easy": "いま あぶない", "ja": "いま危ないとき", "en": "In danger now"},
    "helpful": {"easy": "やくに たった", "ja": "役に立った", "en": "Helpful"},
    "wrong": {"easy": "まちがって いる", "ja": "情報がちがう", "en": "Info is wrong"},
    "wrong_phone": {"ja": "電話番号・連絡先", "en": "Phone or contact"},
    "wrong_hours": {"ja": "受付日時", "en": "Days or hours"},
    "wrong_content": {"ja": "内容・対象", "en": "What it offers"},
    "wrong_other": {"ja": "その他", "en": "Something else"},
    "no_contact": {
        "ja": "連絡先は下の窓口から",
        "en": "Reach it through the window below",
    },
}


def text(key: str, lang: Lang) -> str:
    return TEXT[key].get(lang) or TEXT[key]["ja"]


def label(key: str, lang: Lang) -> str:
    return LABEL[key].get(lang) or LABEL[key]["ja"]
