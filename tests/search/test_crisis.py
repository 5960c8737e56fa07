from __future__ import annotations

import pytest

from bot.present.adapter import ShownSearch
from bot.search import reading
from bot.search.service import SearchService

DANGER = [
    ("今、夫に殴られてる。助けて", "violence"),
    ("元彼が合鍵で入ってこようとしてる", "violence"),
    ("しにたい", "suicide"),
    ("明日になったら私もういないと思う", "suicide"),
    ("I don't want to live anymore", "suicide"),
    ("さっきレイプされた", "sexual-assault"),
    ("15歳。家でお父さんに殴られる。もう帰りたくない", "child"),
    ("陣痛がきたけど一人しかいない", "medical"),
    ("我老公现在在打我", "violence"),
    # The past in one sentence, danger now in the next: 。 and line breaks end sentences.
    ("殴られたのは昔のこと。でも今また殴られてる", "violence"),
    ("前は大丈夫だった\n今日また殴られた", "violence"),
    # Age and blows in two sentences still make a child in danger.
    ("15歳。家でお父さんに殴られる", "child"),
]

NOT_DANGER = [
    "死ぬほど疲れた、仕事を探したい",
    "締切間に合わないと上司に殺される笑",
    "殴られたのは昔のことで今は離婚の相談がしたい",
    "消えたい…ってほどじゃないけど、しんどい",
    "マジ死んだ、保活全落ち",
    "保育園の申し込みっていつから？",
    "昔は死にたいと思った。今は元気",
    # Thanks alone: the learned model does not judge a message this short.
    "ありがとうございました！",
]


# Signs by class (pills with drink, a counted stock, means bought, a fall or breath typed in kana, Kansai
# negations, a relayed threat, a day chosen, a trip alone, means ready, a funeral declined, a last call,
# being found, going out forbidden, coming to undone, savings given away), and their look-alikes.
SIGNS_BY_CLASS = [
    ("眠剤をワインで流し込んだ。頭がぼーっとする", "medical"),
    ("刚才吞了一整瓶止痛药", "medical"),
    ("薬がもう120錠ある。週末に使う", "suicide"),
    ("Mình mua than rồi, đêm nay sẽ đốt trong phòng", "suicide"),
    ("むすこが ベッドから おちて あたまから ち が でてる", "child"),
    ("ほんまに誰も恨んでへんで。ありがとうな", "suicide"),
    ("相談員です。利用者さんから今「元夫が包丁を持ってドアの前にいる」と電話がありました", "violence"),
    ("母の三回忌が終わったら、私も後を追おうと思います", "suicide"),
    ("月末の給料日に終わりにするって決めた", "suicide"),
    ("青木ヶ原に向かう片道の切符を買った", "suicide"),
    ("やり方は調べた。練炭の道具もそろった", "suicide"),
    ("我想好了。炭也准备好了", "suicide"),
    ("妹たちへの手紙は書いた。お葬式はいらないです", "suicide"),
    ("さっき父に最後に電話した。声が聞けて満足", "suicide"),
    ("逃げて隠れてたのに、彼氏になんでここが分かったの。玄関の前にいる", "violence"),
    ("上司在他家里强迫了我，我不知道怎么办", "sexual-assault"),
    ("姑に財布を取り上げられて、外出は許されていません", "violence"),
    ("anak ko 1 year old nahulog sa hagdan, tahimik lang siya ngayon", "child"),
    ("お葬式の費用は引き出しに入れてあります。今までありがとう", "suicide"),
    ("首にタオルを巻いてみた。苦しくなってやめた", "medical"),
    ("아침에 일어나니까 모르는 방이었고 옷이 벗겨져 있었어요", "sexual-assault"),
    ("积蓄都转给我姐姐了。谢谢你们一直陪我", "suicide"),
    ("もう起きなくていいや", "suicide"),
    ("I just want to stop existing for a while", "suicide"),
    ("臨月です。お腹がずっと痛くて血が出てる", "medical"),
    ("お腹の子が動かない気がする、お腹が痛い", "medical"),
    ("さっき一人で産んだ。赤ちゃんが泣かない", "medical"),
    ("息子が階段で転んで頭をぶつけた。呼んでも起きない", "child"),
    ("むすめ が ころんで あたま を うった。 うごかない", "child"),
    ("眠剤めっちゃ飲んでもうた", "medical"),
    ("漂白剤のんだ、お腹が熱い", "medical"),
    ("助けて、刺される", "violence"),
    ("ネットで知り合った大人の人に今日会いに行く。中2です", "child"),
    ("娘の唇が青い、息がおかしい", "child"),
    ("我把狗托付给邻居了，东西也收拾好了，就这样吧", "suicide"),
    ("醒来发现在陌生人家里，衣服被脱了", "sexual-assault"),
    ("年末の頃にはもうこの世にいないと思う", "suicide"),
    # told of someone else with a time now, or a severe sign, or a child: still an alarm
    ("友達が今ホテルで無理やりされたみたい、連絡が来た", "sexual-assault"),
    ("友達が薬を全部飲んだみたい", "medical"),
    ("my sister is being hit by her husband right now, she just texted me", "violence"),
    # however calmly she says it, a wish to die or an assault keeps its alarm
    ("急ぎじゃないけど、もう死にたい", "suicide"),
    ("it's not an emergency but I was raped last night", "sexual-assault"),
    ("今すぐ危ないわけじゃないけど、包丁を持って追いかけてくる", "violence"),
    # the morning-after pill asked for after an assault
    ("おととい先輩の家で寝てる間にされてた。アフターピルってまだ間に合う？", "sexual-assault"),
    ("生理が遅れてる。もう死にたい", "suicide"),
    # a professional passing on what she is told, with a time now
    (
        "助産師です。妊婦さんが『今夜帰ったら夫に殺される』と言いながら帰ろうとしています。今待合室にいます",
        "violence",
    ),
    # a birth alone, a wish not to wake, a height asked, a dose worked out
    ("我自己在厕所生了，流了很多血", "medical"),
    ("要是明天不用醒来就好了", "suicide"),
    ("飛び降りるなら何階からなら確実にいける？", "suicide"),
    ("薬は手元にある。体重から量も計算した", "suicide"),
    # fragments: the morning not wanted, a birth in a toilet, a child held under water, a threat tonight
    ("もう朝こなくていい", "suicide"),
    ("トイレで産んじゃった", "medical"),
    ("夫が娘をお風呂に沈めてた", "child"),
    ("他说今晚要弄死我", "violence"),
    ("자다가 그냥 안 깨어났으면", "suicide"),
    ("how many of my dad's sleeping pills would it take", "suicide"),
    ("anak ko nakainom ng zonrox, umiiyak", "child"),
    ("which bridges near here are high enough, going this weekend", "suicide"),
    ("ロープの結び方を調べてる。ドアノブって体重に耐えるのかな", "suicide"),
    ("相談員です。中学生の子がチャットで「今知らない人の車の中」と書いたきり返信がありません", "child"),
    # a professional telling of a severe sign now, a weapon only half seen, him lingering
    ("保健師です。いま訪問先の玄関で、夫が包丁を持って立っています", "violence"),
    ("彼がナイフみたいなものを持ってこっちを見てる", "violence"),
    ("シェルターの職員です。今朝から入所者の夫が建物の前を行き来しています", "violence"),
    ("接近禁止命令が出ているのに、元夫がいまアパートの前をうろついてる", "violence"),
    # what she took, told without the verb or as the same again; a lot in dialect
    ("睡眠薬全部とビール。さっき", "medical"),
    ("前にも救急車で運ばれたけど、さっきまた同じ量を飲んだ", "medical"),
    ("くすり ぎょうさん飲んでもうた", "medical"),
    # what she treasured given away; her affairs told beside a farewell
    ("大事なぬいぐるみも友達にあげて、部屋からっぽにした", "suicide"),
    ("今までお世話になりました。保険証書と通帳は押し入れの箱に入れてあります", "suicide"),
    # he is on his way back; going out is punished; her no, and the rest unsaid
    ("もうすぐ旦那が帰ってくる。怒ってる。隠れる場所がない", "violence"),
    ("財布もスマホも夫が持ってて、外に出たら殴られる", "violence"),
    ("昨日彼の部屋で。嫌だと言ったのに。", "sexual-assault"),
    # a minor meeting an adult met in a chat, in Japanese, Korean and Tagalog
    ("中2の娘がオプチャで知り合った大人と会う約束をしてるみたい", "child"),
    ("고등학생 딸이 채팅에서 만난 남자 만나러 갔어요", "child"),
    ("anak kong 13 years old, magkikita daw sila ng lalaking nakilala niya online ngayong gabi", "child"),
    # waters broken in a manga cafe; to go where the dead are; never to wake; 'that' done to her
    ("im in a manga cafe booth and my waters broke, contractions every 5 min", "medical"),
    ("母が亡くなって一年。今夜はもうあっちへ行きたい", "suicide"),
    ("好想睡过去再也不要醒来", "suicide"),
    ("hôm qua em bị ông chủ làm chuyện ấy, giờ em đau lắm", "sexual-assault"),
    # Tagalog: a battery swallowed, a girl gone with a man, not waking, labour
    ("anak ko nilunok ang magnet kanina, sumusuka siya", "child"),
    ("yung pamangkin kong 15 years old sumama sa lalaking nakilala niya sa online game", "child"),
    ("sana hindi na lang ako magising bukas", "suicide"),
    ("naglalabor na yata ako, wala akong kasama", "medical"),
    # po and ho, Tagalog's particles of respect, between the words of a phrase
    ("Hindi po ako pinapalabas ng amo ko ngayon", "violence"),
    ("ni-lock po siya ng amo niya sa kwarto", "violence"),
    # a child shut in; never waking, said with と思う; better gone (zh); a password passed on (zh)
    ("彼氏が娘をトイレに閉じ込めてる", "child"),
    ("このまま眠って目が覚めなければと思う", "suicide"),
    ("我觉得如果我不在了大家会比较好", "suicide"),
    ("把银行卡密码发给我姐了。谢谢你们", "suicide"),
    # waking in a hotel after a drink; slang for it; her no in Vietnamese
    ("飲み会で一杯飲んだら記憶がなくて、気付いたらホテルだった", "sexual-assault"),
    ("em không muốn nhưng anh ta không dừng lại", "sexual-assault"),
    # how high a balcony must be; a girl meeting a man; he will hit her when he is back
    ("how high does a balcony need to be", "suicide"),
    ("my 14 year old sister met a guy on discord and she's meeting him tonight", "child"),
    ("もうすぐ帰ってくる。絶対殴られる", "violence"),
    # a bridge or a river chosen and its place looked up (ko), an unlocked roof (zh); waters broken,
    # not waking (tl); no point in tomorrow; a baby fallen and vomiting (ko); waited for at the exit;
    # a tracker found in her bag
    ("오늘 밤 그 강 다리에 갈 거예요. 위치도 다 봐뒀어요", "suicide"),
    ("找到一个天台没锁的楼", "suicide"),
    ("lumabas na ang tubig ko, mag-isa lang ako", "medical"),
    ("ayoko na gumising bukas", "suicide"),
    ("honestly dont see the point of tomorrow", "suicide"),
    ("아기가 침대에서 떨어졌어요. 계속 토하고 있어요", "child"),
    ("元カレに駅で出待ちされてた。今もついてくる", "violence"),
    ("カバンからエアタグが出てきた。誰かに居場所を追われてる", "violence"),
    # a day fixed with って, a rope bought and hidden, how thick a rope must be; accounts deleted
    ("月末の給料日、その日にって決めてる。ロープもある", "suicide"),
    ("通販で買ったロープ、クローゼットの奥にしまってある", "suicide"),
    ("ロープってどのくらいの太さなら切れないんだろ。検索しても出てこない", "suicide"),
    ("インスタのアカウント全部消した。最後にここにだけ書く", "suicide"),
    # an ex waiting for her shift to end; a child with a fever who does not move; a newborn
    ("元カレが店の外で私が上がるの待ってるって", "violence"),
    ("むすめ ねつ 40ど ぜんぜん うごかない", "child"),
    ("さっき一人で産んだ。育てられない。コインロッカーの前にいる", "child"),
    ("nanganak ako mag-isa kagabi, hindi umiiyak ang baby", "medical"),
    # a child thrown against a wall (en), put out on a balcony at night
    ("he threw my son against the wall and now he's vomiting", "child"),
    ("隣の子がまたベランダに出されて泣いてる、夜中なのに", "child"),
    # done while she slept; her no ignored (zh); affairs done with; thanks sent, phone off
    ("友達の彼氏の家に泊まったら、寝てる間にされてた", "sexual-assault"),
    ("我说不要了，他还是继续", "sexual-assault"),
    ("身辺整理は済ませました。あとは決めた日を待つだけです", "suicide"),
    ("お世話になった人にお礼のメッセージ送った。電源切るつもり", "suicide"),
    # stones by the water; shoes off at the edge; someone shaken who does not open her eyes
    ("荒川の堤防。ポケットに石入れた", "suicide"),
    ("屋上に来た。くつぬいだ", "suicide"),
    ("姉が倒れてて、揺すっても目を開けない", "medical"),
    # a child burned with a cigarette (zh); the ex at her door now (ko, zh)
    ("他用烟头烫我儿子", "child"),
    ("전 남자친구가 지금 우리 집 앞에 서 있어요", "violence"),
    ("他现在就在我家门口不走", "violence"),
    # a day chosen for an act left unnamed, her mind made up; the way looked up beside a day
    ("もう迷いはない。連休明けの夜にしようって決めた", "suicide"),
    ("次の給料日で終わりにします。覚悟はできてる", "suicide"),
    ("火曜の夜に決行。やり方は動画で調べた", "suicide"),
    ("I've made up my mind, Sunday night. No one will find me until it's done", "suicide"),
    ("Em đã quyết định rồi, thứ sáu này em sẽ làm, không ai biết đâu", "suicide"),
    ("我想好了，星期六晚上，方法也查好了", "suicide"),
    # a time long past with から says since when: it goes on now
    ("2年前から消えたいってずっと思ってる", "suicide"),
    ("去年からずっと死にたい", "suicide"),
    # death decided long ago (since then: から), the day now near
    ("就職したら死ぬって高校の時から決めてた。あと10日", "suicide"),
    ("わたし もう しぬ。 きめました", "suicide"),
    ("今日がその日。飛び降りる", "suicide"),
    # a professional who tells of a person now; a rope tried or bought strong; cleaners made ready; a baby
    # under the water; a child not brought back; chest pain and breathlessness; a fever after birth;
    # a day and the way found in other languages; a death wish put passively; Indonesian
    ("図書館の司書です。さっき閲覧室で女子高生が「今日で終わりにする」と言って出て行きました", "suicide"),
    ("施設の支援員です。入所している方が浴室で手首を切っていて、血が止まりません", "medical"),
    ("I'm a school nurse. A 7th grader says she's meeting a man from instagram tonight, he's 30", "child"),
    ("エアコンの効いた部屋で首にベルトかけてドアノブで試した", "suicide"),
    ("通販で頑丈なロープを買った", "suicide"),
    ("トイレ用の洗剤と漂白剤を用意した。混ぜたらどうなるか調べた", "suicide"),
    ("生後3ヶ月の息子がお風呂で沈んでた。泣いてるけど唇が紫", "child"),
    ("元夫が面会で連れて行った息子を返してくれない。息子から「たすけて」ってLINEきた", "child"),
    ("胸が痛くて息苦しい。一人で立ち上がれない", "medical"),
    ("産後10日、熱が39.5度あって悪露も多い", "medical"),
    ("我老公要把孩子扔下楼，我拦不住", "child"),
    ("bought rope and told the cashier it was for camping. it isn't", "suicide"),
    ("Desidido na ako, sa linggo. Alam ko na kung paano", "suicide"),
    ("이번 주말에 하려고요. 방법도 다 알아놨어요", "suicide"),
    ("Em tính kỹ rồi, tối nay em sẽ làm", "suicide"),
    ("我在网上买了安眠药，已经藏起来了", "suicide"),
    ("I've decided it's gonna be friday night after work", "suicide"),
    ("wouldn't mind if a train just took me out tbh", "suicide"),
    ("자다가 안 깨면 좋겠어요", "suicide"),
    ("suami lagi mukulin aku, tolong", "violence"),
    ("pengen mati aja rasanya", "suicide"),
    ("いま屋上なう。風つよい", "suicide"),
    # 希死念慮 is Japanese, not a kanji-only Chinese term; not joking beside laughter; a prayer not to wake;
    # a day decided with the house empty; a birthday long set; treasures handed out; a collapse and a seizure;
    # a door she cannot open from inside; the intercom screen; a blade carried; labour months early;
    # a tracker; Korean, romanised Nepali and Indonesian
    ("希死念慮がずっと消えない", "suicide"),
    ("最近また希死念慮が強くなってきた", "suicide"),
    ("진짜 죽고 싶다ㅋㅋ 농담 아니고", "suicide"),
    ("lol it's not a joke anymore, i want to die", "suicide"),
    ("寝る前に『明日は起きませんように』って祈ってる", "suicide"),
    ("everyone would be fine without me honestly", "suicide"),
    ("i keep thinking about unaliving myself", "suicide"),
    ("decided its gonna be friday, the house will be empty", "suicide"),
    ("I've made up my mind. Saturday night while he's on his trip. I already know how", "suicide"),
    ("夫がいない時にします。もう決めました", "suicide"),
    ("30歳の誕生日までって決めてた。もう来週", "suicide"),
    ("大事にしてたぬいぐるみ、友達に配った。もう必要ないから", "suicide"),
    ("同僚が会議中に倒れて痙攣してる", "medical"),
    ("夫は出かけるとき、中から開けられないように鍵をしていく", "violence"),
    ("インターホンの画面に元夫が映ってる", "violence"),
    ("カッターの刃をいつも持ち歩いてる。いつでも切れるように", "suicide"),
    ("まだ7ヶ月なのに陣痛みたいな痛みが来てる", "medical"),
    ("found an airtag in my coat pocket, not mine", "violence"),
    ("모아둔 수면제 세어보니 50알 넘어요", "suicide"),
    ("malai marna mann lagyo, aba sakdina", "suicide"),
    ("pengen mati aja, udah capek", "suicide"),
    ("suami lagi ngamuk, aku ditendang", "violence"),
    ("temenku pingsan di kamar mandi, gak bangun", "medical"),
    # a means bought under a cover story she denies; for herself; not yet dared; pills stolen or stocked
    ("ホームセンターで七輪と炭。キャンプ用って言い訳したけど本当は違う", "suicide"),
    ("太めの紐を通販で買った。自分に使うつもり", "suicide"),
    ("mua được than rồi, giấu trong tủ. vẫn chưa dám", "suicide"),
    ("祖母の睡眠薬を少しずつくすねてる", "suicide"),
    ("OD用に鎮痛剤を何箱か買っといた", "suicide"),
    ("I've been hoarding my painkillers instead of taking them", "suicide"),
    # the platform's edge and the next express (ko, zh); over the fence; a gash that needs stitches
    ("지금 승강장 끝에 있어요. 다음 열차 오면", "suicide"),
    ("我在站台最边上，下一班车快来了", "suicide"),
    ("展望台の柵を乗り越えた", "suicide"),
    ("太ももをざっくり切った。縫わないと無理そう", "medical"),
    # ideation in Chinese, Vietnamese, romanised Nepali and English
    ("觉得活着一点都没意思", "suicide"),
    ("nhiều khi thấy sống để làm gì nữa", "suicide"),
    ("aba marna man lagyo", "suicide"),
    ("my parents would be happier if i wasn't around", "suicide"),
    # a minor and a man from an app who will pick her up; a toddler left locked in for hours
    ("im 15 and a guy from discord is coming to pick me up tonight", "child"),
    ("iniwan ko si baby (2 yrs old) sa bahay, 6 hours na", "child"),
    # being beaten now, in romanised Nepali
    ("logne le malai kutdai cha", "violence"),
]
LOOK_ALIKES_BY_CLASS = [
    "睡眠薬とお酒を一緒に飲むのってダメなんですか？",
    "まだ10錠あるけど次の受診まで足りるかな",
    "相談員です。元夫が包丁を持ってきたらどう対応すべきか研修で聞かれました",
    "彼、在宅勤務だと閉じ込められてる感あるって文句ばっかり",
    "just watched a netflix show where a woman is locked in a basement for years",
    "元彼との関係は今月で終わりにするって決めた",
    "家族で東尋坊に行く新幹線のチケット取れた！",
    "パエリアの材料そろった、今夜つくる",
    "祖父が亡くなる前に最後に電話できて良かった",
    "妊娠したみたい。出血も痛みもないけど何科に行けばいい？",
    "老板强迫我周末加班",
    "明日は休みだから起きなくていい",
    "コロナで外出は許されていませんでした、3年前の話",
    "葬式の費用っていくらくらいかかるもの？祖母のために調べてる",
    "ネクタイを首にかけて結び方を練習してる",
    "娘(中2)が最近朝になるとお腹が痛いと言って学校を休みがち",
    "妊娠7ヶ月。一人でどうやって産んで育てたらいいのか、お金のことが不安",
    "頭痛薬って一日何錠まで飲んでいいの？説明書見つからない",
    "決勝で完全に殺された、悔しい",
    "I was assaulted in high school; it's been 10 years and I want counselling now",
    "ネットで知り合った同い年の女の子と来週会う",
    "子どもの息が変な匂いがする、虫歯かな",
    "めっちゃ飲んだ〜二日酔いつらい",
    "我把猫送给朋友了，因为下个月要回国",
    "小さい頃に叔父に触られた",
    # hearsay about another adult, asked about to help her
    "同僚が上司に無理やりされたって打ち明けてくれた。どう支えればいい？",
    "姉が旦那さんに叩かれてるらしい。どこに相談を勧めたらいい",
    "my coworker told me she was sexually assaulted at a party, how can I support her",
    # she says herself it is no emergency
    "元夫が駅で待ち伏せしてくる。急ぎじゃないけど警察に相談したい",
    "Someone keeps waiting outside my work. It's not an emergency, who do I talk to?",
    # a period late is a worry, a break-up is no goodbye
    "生理が10日遅れてる。誰にも相談できない。検査薬買うのもこわい",
    "彼と別れた。頭痛薬飲んで今日はもう寝る",
    "東京タワーって何階から展望台？",
    "明日は来なくていいよって店長に言われた",
    "演劇部で虐待される子どもの役をやることになった。台本むずい",
    # a school counsellor asking in general; a passport taken at a former job
    "スクールカウンセラーです。生徒が自傷を打ち明けてきた場合の対応を一般論として知りたい",
    "前の仕事で社長にパスポートを取られたことがあります。今は大丈夫です。ビザのことを聞きたい",
    # charcoal for a barbecue; a condom that broke; a manga read
    "BBQ用の炭とバーベキューコンロを買った",
    "ゴムが破れちゃった、昨日の夜。アフターピルってどこでもらえる？",
    "漫画で主人公が破水するシーンを読んだ",
    # a farewell at work, a move: papers and goods handed on in ordinary life
    "長い間お世話になりました。退職の書類と通帳のコピーは引き出しに入れてあります",
    "推しのグッズを妹にあげて部屋からっぽ。引っ越しの準備完了",
    "雨だし外に出たら濡れるから今日は家にいる",
    # a hospital stay ahead; a child's stones from the river; a phone switched off for a film
    "来週から入院なので身の回りの整理は済ませました",
    "息子のポケットに川原の石がいっぱい入ってた",
    "映画館なのでスマホの電源切るつもり。終わったら連絡するね",
    # a game lost; a hotel breakfast; the cat shut in by mistake
    "昨日のゲームで完全にヤられた笑",
    "出張先で寝坊して、起きたらホテルのチェックアウト10分前だった",
    "猫を押し入れに閉じ込めちゃってた、ごめんね",
    # a tent's rope for camping; a new phone; a kind boyfriend waiting; a fever gone down
    "キャンプ用のロープってどのくらいの太さがいいか調べてる",
    "機種変したから古いアカウント全部消した。最後のバックアップも済み",
    "彼氏がバイト上がるの待っててくれた",
    "昨日は熱でぐったりしてたけど、今日はもう元気に走り回ってる",
    # a day chosen for a girls' night, a job ending, a camping trip; pills hidden from a toddler
    "次の土曜の夜にしようって決めた、女子会",
    "今月でこのバイトは終わりにする。もう迷いはない",
    "週末キャンプ用に炭とロープを買った、楽しみ",
    "子どもが飲まないように薬を棚の上に隠した",
    # an obligation to leave a dorm; years at home by her own choice; a friend who will go with her
    "寮付きの仕事を辞めたら寮も出なきゃいけない。次の住まいが心配",
    "もう3年ほぼ家から出てない。何から始めればいいかわからない",
    "病院にひとりで行くのこわい。ついてきてくれる人いないかな",
    # old scars found on a daughter's arm; a hem to sew; a place someone went, asked after
    "娘の腕にリスカの跡を見つけた。親としてどうしたらいい",
    # a time long past without から: it is over
    "2年前に死にたいと思ってた時期があった",
    # a night that is over; a news story or a genre of songs; her own joke; being young, long ago
    "産後すぐの頃、ベランダから飛び降りようかと思った晩があった。今は元気",
    "saw a news story about a girl stalked by her ex, so scary",
    "看到新闻说有个女生被前男友跟踪了，好可怕",
    "ボカロの死にたい系の曲ばっかり聴いてる",
    "夫がまた靴下脱ぎっぱなし。絞めたろかと思ったわw",
    "若い頃は姑に納戸に閉じ込められたもんだ",
    # a keepsake received from the dead; sore legs after a sports day
    "亡くなった祖母の形見のブローチをもらった。大好きだった",
    "運動会で走りすぎた。明日は筋肉痛で死ぬ",
    # a cat that jumps off the shelf
    "うちの猫はすぐ冷蔵庫の上から飛び降りる",
    # a party on the roof; camping rope; cleaning; documentaries and suspense dramas; strangers' posts;
    # a volunteer asking about papers held; where to buy sleeping pills; a song
    "友達とマンションの屋上でBBQ、夜景さいこう",
    "rooftop drinks with coworkers tonight, great view",
    "我买了绳子，露营用的",
    "ロープ買った、キャンプ用に丈夫なやつ",
    "トイレ掃除で洗剤を2種類使うとき、混ぜたらどうなるの？",
    "watching a true crime documentary about a stalker, creepy",
    "昨日のサスペンスドラマ、崖の上で犯人が自白するやつ",
    "Xで死にたいって呟いてる人を見るとしんどくなる",
    "日本語教室のボランティアです。生徒のパスポートを会社が預かっているそうですが、問題ないですか",
    "chị ơi mua thuốc ngủ ở đâu có bán?",
    "这首歌的旋律很好听",
    # groped on the train she rides, not at the platform's edge; a cat that is sick
    "毎朝同じ電車で触ってくる人がいて、電車に乗るのがこわい",
    "うちの猫が朝から何度も吐いてる。夜もやってる動物病院ある？",
    # a day off; a child who should not wake; a denial in Indonesian
    "明日は休みだから起きなくていい",
    "子どもが起きないように静かにしてる",
    "aku gak ada niat bunuh diri kok, cuma sedih",
    "制服の裾がほつれてる。縫わないとダメだ",
    "妻が相談に行ったんじゃないかと思う。本当に行ったのか知りたい",
]


@pytest.mark.parametrize(("text", "kind"), DANGER + SIGNS_BY_CLASS)
def test_detect_crisis_fires_on_danger_now(search: SearchService, text: str, kind: str) -> None:
    finding = search.detect_crisis(text)
    assert finding is not None and kind in finding.kinds


@pytest.mark.parametrize("text", NOT_DANGER + LOOK_ALIKES_BY_CLASS)
def test_detect_crisis_ignores_idioms_and_the_past(search: SearchService, text: str) -> None:
    assert search.detect_crisis(text) is None


def test_search_crisis_puts_the_emergency_number_first(shown: ShownSearch) -> None:
    response = shown.search("夫が包丁を持って暴れてる")
    assert response.crisis is not None
    assert response.crisis.level == "emergency"
    assert response.crisis.contacts[0].value == "110"
    assert response.crisis.contacts[0].tel == "tel:110"


def test_search_crisis_suicide_lists_listening_lines(shown: ShownSearch) -> None:
    response = shown.search("もう生きるのがつらい。死にたい")
    assert response.crisis is not None
    values = {c.value for c in response.crisis.contacts}
    assert "0120-279-338" in values  # よりそいホットライン
    assert "0570-064-556" in values  # こころの健康相談統一ダイヤル


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("知らない人の部屋に連れ込まれて帰してもらえない", "violence"),
        ("中1です。お母さんが毎日なぐってくる", "child"),
        # Met through a game is how she met him, not fiction.
        ("ゲームで知り合った人の家から帰してもらえない", "violence"),
    ],
)
def test_detect_crisis_confinement_and_a_parent_hitting_a_child(
    search: SearchService, text: str, kind: str
) -> None:
    finding = search.detect_crisis(text)
    assert finding is not None and kind in finding.kinds


@pytest.mark.parametrize(
    "text",
    ["元夫に殴られたことがある。離婚の手続きを知りたい", "消えたいと思った時期もあったけど、今は働きたい"],
)
def test_detect_crisis_a_past_experience_is_not_danger_now(search: SearchService, text: str) -> None:
    assert search.detect_crisis(text) is None


@pytest.mark.parametrize(
    ("text", "first"),
    [
        ("薬を全部飲んだ", "119"),
        ("手首を切った。血が止まらない", "119"),
        ("夫が包丁を持ってる。もう死にたい", "110"),
    ],
)
def test_search_crisis_the_most_urgent_kind_gives_the_first_number(
    shown: ShownSearch, text: str, first: str
) -> None:
    response = shown.search(text)
    assert response.crisis is not None
    assert response.crisis.contacts[0].value == first


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("前天晚上他强迫我发生关系，我好害怕", "sexual-assault"),
        ("Tối qua anh ta ép em quan hệ, em rất sợ", "sexual-assault"),
        ("My waters have just broken and nobody is home", "medical"),
        ("夫が灯油をまいて火をつけようとしてる", "violence"),
        ("彼氏が娘に手をあげてる、やめてくれない", "child"),
        ("会社に在留カードを取り上げられた", "violence"),
        ("何階から飛び降りれば確実なんだろう", "suicide"),
        ("남자친구가 저를 방에 가뒀어요", "violence"),
    ],
)
def test_detect_crisis_words_that_say_the_same_danger(search: SearchService, text: str, kind: str) -> None:
    finding = search.detect_crisis(text)
    assert finding is not None and kind in finding.kinds, (text, finding)


@pytest.mark.parametrize(
    "text",
    [
        "小学校の担任です。児童がノートに「死にたい」と書いていました。どう声をかければ",
        "日本語教室のボランティアをしています。生徒の在留カードを会社が預かっているそうで、問題ないですか",
        "今やってる乙女ゲーの主人公が監禁される展開で夜眠れない",
        "Em gái tôi tự tử năm ngoái. Tôi vẫn nhớ em ấy mỗi ngày",
    ],
)
def test_detect_crisis_sets_aside_a_professional_a_story_and_a_death_last_year(
    search: SearchService, text: str
) -> None:
    assert search.detect_crisis(text) is None


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("同期が「もう飛び降りる」って言って非常階段のほうに行った", "suicide"),
        ("妹から今夜死ぬってメッセージが来た。既読にならない", "suicide"),
        ("My roommate just texted that she's going to kill herself", "suicide"),
        ("口座の暗証番号の場所は母に伝えた。あとはよろしく", "suicide"),
        ("知らない車がずっと並走してくる、怖い", "violence"),
    ],
)
def test_detect_crisis_someone_else_saying_it_affairs_in_order_and_a_car_alongside(
    search: SearchService, text: str, kind: str
) -> None:
    finding = search.detect_crisis(text)
    assert finding is not None and kind in finding.kinds, (text, finding)


@pytest.mark.parametrize(
    "text",
    [
        "上司に「死ね」って怒鳴られた。これって訴えられる？",
        "来週から産休なので、引き継ぎ資料まとめた。あとはよろしく！",
        "友達とカラオケ行って笑いすぎて死ぬかと思った",
    ],
)
def test_detect_crisis_not_for_words_said_to_her_a_handover_or_a_figure(
    search: SearchService, text: str
) -> None:
    assert search.detect_crisis(text) is None


def _fires(search: SearchService, text: str, kind: str) -> None:
    finding = search.detect_crisis(text)
    assert finding is not None and kind in finding.kinds, (text, finding)


def _silent(search: SearchService, text: str) -> None:
    finding = search.detect_crisis(text)
    assert finding is None, (text, finding)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # "if" inside a sign is its own (如果我不在了); after a severe sign it is still a threat now
        ("每天都在想，如果我不在了，大家会不会更好", "suicide"),
        ("He has a knife and says he will kill me if I leave", "violence"),
        # 死ねなかった as written, not 死ななかった
        ("死ねなかった。手首まだ血が出てる", "suicide"),
        # 「殺す」 said in brackets
        ("かれ が 「ころす」 いった", "violence"),
        # forms in Chinese and Korean with alternatives are read as regular expressions
        ("我在楼顶，下面好高，我想结束了", "suicide"),
        ("前男友在我公寓楼下等了一个小时", "violence"),
    ],
)
def test_detect_crisis_what_governs_a_sign_is_read_from_its_own_words(
    search: SearchService, text: str, kind: str
) -> None:
    _fires(search, text, kind)


@pytest.mark.parametrize(
    "text",
    [
        "What should I do if he ever pulls a knife on me?",
        "もし彼がナイフを持ってきたらどうすればいい？",
        "如果我不在了，孩子的学费怎么办？保险的事想问一下",
        "事故に遭ったけど死ななかった。保険の手続きを知りたい",
        "高校生のとき死にたいって何度も思ってた時期がある。今は平気",
        "残業三日連続とか会社は私を殺す気か",
        "上司に『この納期って殺す気か』って言ってやった",
        "我在公司天台吃午饭，风很舒服",
        "我在我家楼下的超市买东西，有没有便宜的米",
        "감기약 모아둔 거 유통기한 지났는데 버려도 돼요?",
    ],
)
def test_detect_crisis_an_if_before_a_past_a_complaint_and_lunch_on_a_roof_stay_silent(
    search: SearchService, text: str
) -> None:
    _silent(search, text)


@pytest.mark.parametrize(
    "text",
    [
        # a time settled beside a means or a place for it
        "ロープはもう用意した。決行は明日の夜にする",
        "週末にしようって決めた。練炭も届いたし",
        "特急が通過する駅、調べておいた。今夜でいいや",
        "明日の朝にする。睡眠薬はもう数えてある",
        # a day chosen and only endured until
        "記念日の日にしようって決めた。それまでは生きてみる",
        # charcoal beside a car or a sealed room
        "練炭ってネットで買えるのかな。レンタカーは予約した",
        # on a high place now, past or at the fence
        "今、歩道橋の手すりの外側に立ってる",
        # a rope or charcoal bought and a time named, a high place and a mind made up
        "Em mua sợi dây thừng rồi. Đêm nay em sẽ làm",
        "밧줄 사놨어요. 오늘 밤에 할 거예요",
        "那栋楼够高，我已经想好了",
        "수면제 몰래 모아 놨어요",
    ],
)
def test_detect_crisis_a_time_a_means_and_a_place(search: SearchService, text: str) -> None:
    _fires(search, text, "suicide")


@pytest.mark.parametrize(
    "text",
    [
        "引っ越しは月末にしようって決めてる。それまでは仕事頑張れる",
        "試験の日まであと5日。それまでは頑張れる",
        "書類審査通過した！面接は明日でいいかな",
        "練炭こたつって車で運べる？",
        "I bought a rope for camping tomorrow night",
        "Em mua dây sạc rồi, tối nay em gọi cho mẹ",
        "我买了绳子，明天去露营",
        "那座桥很高，我查过了，周末带孩子去看看风景",
        "今日ベランダの柵が低くて子どもが落ちないか心配",
        "今屋上でランチ中。フェンス低いけど景色最高",
    ],
)
def test_detect_crisis_an_ordinary_plan_a_fence_or_a_rope_is_not_a_plan(
    search: SearchService, text: str
) -> None:
    _silent(search, text)


@pytest.mark.parametrize(
    "text",
    [
        # a pet or a child handed over so they are cared for after she is gone
        "猫を姉に引き取ってもらった。私がいなくても大丈夫なように",
        "내 고양이 언니한테 맡겼어요. 내가 없어도 잘 지내라고",
        "I asked my neighbour to take care of my cat when I'm gone",
        # her own share no longer needed once the child's care is arranged
        "娘の世話は母にお願いした。私の分はもういらない",
        # debts settled so she can end with nothing owed
        "みんなとの貸し借りなしにした。これでもう終われる",
        # things given away, in Chinese
        "衣服都送人了，最后想跟你们说声谢谢",
    ],
)
def test_detect_crisis_affairs_settled_for_after_she_is_gone(search: SearchService, text: str) -> None:
    _fires(search, text, "suicide")


@pytest.mark.parametrize(
    "text",
    [
        "出張中は犬を友達に預けた。私がいなくても大丈夫かな",
        "旅行の間、猫を母にお願いした。私がいなくても平気そう",
        "元彼に貸してたお金全部返してもらった。これで貸し借りなしで終われる",
        "搬家前东西都送人了，最后一次去那家店",
        "내일 출장 가서 제가 없으면 아이를 엄마한테 부탁해요",
    ],
)
def test_detect_crisis_a_trip_a_move_or_a_break_up_is_not_a_farewell(
    search: SearchService, text: str
) -> None:
    _silent(search, text)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # an attempt she survived, and hurt by it
        ("死に損なった。まだ息してる", "suicide"),
        ("3階の窓から飛んだ。腰が痛くて立てない", "medical"),
        # as much as there was
        ("家にあった薬、ありったけ飲んだ", "medical"),
        # a wrist cut, in Korean inflections
        ("아까 손목을 칼로 그었어요. 피가 안 멈춰요", "medical"),
        ("방금 커터칼로 팔 그었는데 어떡하죠", "medical"),
        # sleep and never wake
        ("このまま寝て二度と起きなければいいのに", "suicide"),
    ],
)
def test_detect_crisis_an_attempt_survived_and_a_wish_not_to_wake(
    search: SearchService, text: str, kind: str
) -> None:
    _fires(search, text, kind)


@pytest.mark.parametrize(
    "text",
    [
        "子どもの頃ベランダから落ちたことがある。今も足が痛い",
        "明日休みだから、このまま寝て昼まで起きなくていい",
        "子どもが夜中に起きなければいいのに",
    ],
)
def test_detect_crisis_a_fall_long_ago_sleep_and_insurance_are_not_danger(
    search: SearchService, text: str
) -> None:
    _silent(search, text)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # slammed against a wall or the floor
        ("彼に床に頭を打ち付けられた。今トイレに隠れてる", "violence"),
        ("夫が私を壁にぶつけてくる。止まらない", "violence"),
        # a knife taken up, said in other words
        ("He picked up a knife and keeps saying he'll kill me if I call anyone", "violence"),
        # where she hides is found out; he, or his car, is near now
        ("新しい住所を突き止められた。今日元彼の車が停まってる", "violence"),
        ("避難先の住所がばれたかもしれない。さっき元夫を駅で見かけた", "violence"),
        # a cry for help beside a word of being shut in
        ("たすけて かぎ あかない", "violence"),
    ],
)
def test_detect_crisis_violence_a_threat_with_if_and_a_hideout_found(
    search: SearchService, text: str, kind: str
) -> None:
    _fires(search, text, kind)


@pytest.mark.parametrize(
    "text",
    [
        "壁に頭をぶつけちゃった、痛い",
        "車をぶつけられた。保険どうしよう",
        "へそくりの隠し場所が夫にバレた",
    ],
)
def test_detect_crisis_a_bump_an_if_and_a_complaint_are_not_violence(
    search: SearchService, text: str
) -> None:
    _silent(search, text)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("1歳の息子が洗剤を舐めたみたい。今のところ元気", "child"),
        ("娘が磁石を2個飲み込んだ、3歳", "medical"),
        ("My 2 year old swallowed a button battery", "child"),
        ("两岁的儿子吞了纽扣电池", "child"),
        ("Con gái em bị bố nó đánh, giờ gọi không dậy", "child"),
        ("孩子发烧以后叫不醒，才两岁", "medical"),
    ],
)
def test_detect_crisis_a_child_who_swallowed_something_or_will_not_wake(
    search: SearchService, text: str, kind: str
) -> None:
    _fires(search, text, kind)


@pytest.mark.parametrize(
    "text",
    ["子どもが風邪薬を飲んだら眠そう", "2歳の娘がご飯を全部食べた", "孩子吃了药，烧退了一点"],
)
def test_detect_crisis_a_child_taking_medicine_or_eating_is_not_danger(
    search: SearchService, text: str
) -> None:
    _silent(search, text)


@pytest.mark.parametrize(
    "text",
    [
        # filmed where she was taken and could not refuse
        "先輩の家で無理やり動画を撮られた。断れなかった",
        # forced today, the act left unsaid
        "さっき客に無理やり…",
        # her no, in any spelling, ignored; and asking about the pill, a bath, evidence
        "だめって言ったのに最後までされた。アフターピルってどこでもらえる？",
        "やだって言ったのに。お風呂入っていいのかな、証拠とか",
        "やめてって言ったのに最後まで。体じゅう痛い",
        # drunk, out of it, woke somewhere unknown and hurting
        "어젯밤 술 취해서 필름이 끊겼는데 일어나 보니 모르는 방이었어요. 아래가 너무 아파요",
    ],
)
def test_detect_crisis_an_assault_told_without_its_name(search: SearchService, text: str) -> None:
    _fires(search, text, "sexual-assault")


@pytest.mark.parametrize(
    "text",
    [
        "いやって言ったのにピーマン入れられた",
        "嫌って言ったのに夫が勝手に私の車を売った",
        "やめてって言ったのに子どもがゲームを続けてる",
        "イベントで写真撮られた。断れなかったけど消してほしい",
        "上司に無理やり…飲み会に連れて行かれた",
        "요즘 일 때문에 정신없을 때가 많아요. 호텔 예약은 어떻게 해요?",
        "어제 술 취해서 정신없을 때 넘어져서 지금 몸이 너무 아파요",
    ],
)
def test_detect_crisis_a_no_about_food_a_photo_and_a_hangover_are_not_assault(
    search: SearchService, text: str
) -> None:
    _silent(search, text)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # someone's goodbye by message, and now out of reach; a worker reporting it
        ("後輩から「今までありがとう」ってLINEが来て、それから電話に出ない", "suicide"),
        ("相談員です。利用者さんから先ほど『さよなら』とメールがあり、連絡がつきません", "suicide"),
        # violence heard next door now
        ("隣の部屋から今、悲鳴と何かが倒れる音がする", "violence"),
        ("下の階で今ずっと殴る音と子どもの泣き叫ぶ声がしてる", "violence"),
    ],
)
def test_detect_crisis_someone_out_of_reach_and_violence_next_door(
    search: SearchService, text: str, kind: str
) -> None:
    _fires(search, text, kind)


@pytest.mark.parametrize(
    "text",
    [
        "相談員です。利用者と連絡が取れない場合、どう対応すればいいですか",
        "支援員です。利用者さんが『さよなら』と言ってきたときの対応方法を研修で知りたい",
        "上の階、今日も怒鳴り声と物音がうるさい。管理会社に苦情を入れたい",
        "隣の部屋で今パーティーしてるみたい、叫ぶ声がうるさくて眠れない",
    ],
)
def test_detect_crisis_a_worker_asking_and_a_noise_complaint_stay_silent(
    search: SearchService, text: str
) -> None:
    _silent(search, text)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # Vietnamese typed without its marks is read like Vietnamese with them
        ("em khong muon song nua, met qua roi", "suicide"),
        ("bay gio chong em cam dao doa giet em", "violence"),
        # Chinese in traditional characters is read like simplified Chinese
        ("前男友現在在我宿舍樓下等，不走", "violence"),
        ("我真的撐不下去了", "suicide"),
        # a negation asked as a question says yes (…楽なんじゃないか)
        ("私なんか消えた方がみんな幸せなんじゃないかって、ずっと思ってる", "suicide"),
        # an embedded question that goes on now (どうしたら…か考えてる), not a fear that was wrong
        ("どうすれば楽になれるか、朝からそればっかり考えてる", "suicide"),
    ],
)
def test_detect_crisis_reads_unmarked_vietnamese_traditional_chinese_and_a_rhetorical_no(
    search: SearchService, text: str, kind: str
) -> None:
    _fires(search, text, kind)


@pytest.mark.parametrize(
    "text",
    [
        "Can the baby be seen by a doctor on Sunday in Shinjuku?",
        "em muon hoi cach dang ky bao hiem cho con",
        "我在樓頂的咖啡廳，風景很好",
        # a friend's words imagined (…って言い出したら), asked to be ready for them
        "後輩が消えたいって言い始めたら、どう声をかければいいかな。今は普通に元気",
        "つけられてるかと思ったけど、ただの近所の人だった",
    ],
)
def test_detect_crisis_folding_and_a_quoted_condition_stay_silent(search: SearchService, text: str) -> None:
    _silent(search, text)


@pytest.mark.parametrize(
    "text",
    [
        # a pet's food put out for days and what a finder needs left
        "うさぎの餌と水、10日分用意した。管理会社の電話番号は冷蔵庫に貼ってある",
        # papers gathered so that they reach someone
        "保険証書と通帳をひとつの封筒にまとめた。母に渡してほしい",
        "印鑑と暗証番号のメモを揃えておいた。姉に届くようにお願い",
        # letters written ahead for a child's days to come
        "息子に手紙を5通書いた。二十歳の誕生日と結婚式と就職の日に読んでほしい",
        "I wrote letters for each of my daughter's birthdays until she's 18",
        # a phone or accounts wiped, things given away; a password left beside a last word
        "アカウント全部消して、本は後輩に譲った",
        "スマホの暗証番号は手紙に書いて残した。これで最後",
        "给姐姐的密码写在本子上了，录了一段话，最后想说谢谢",
        # debts repaid and borrowed things returned
        "借りてた物も全部返したし、お金も返した。誰にも借りはない",
        # her death as the way her debts are paid; relief asked how
        "カードローンと闇金で首が回らない。自殺でも保険って出るのかな",
        "一番楽な方法を調べてる",
        "私がいなくなった方が夫も楽なんじゃないかな",
    ],
)
def test_detect_crisis_things_arranged_for_others_and_being_a_burden(
    search: SearchService, text: str
) -> None:
    _fires(search, text, "suicide")


@pytest.mark.parametrize(
    "text",
    [
        "出張の間、犬の餌1週間分を母に渡した。合鍵も預けた",
        "通帳と印鑑をまとめて役所に持っていく",
        "母が亡くなったので、通帳と印鑑を妹に渡す手続きをしたい",
        "タイムカプセルに入れる手紙を3通書いた。二十歳の自分へ",
        "学校の行事で、子どもの二分の一成人式の手紙を書いた",
        "機種変するのでスマホ初期化して古いのは妹にあげた",
        "wifiのパスワードを友達に送った",
        "夫が死んだら保険金で住宅ローン返せるのかな",
        "肩こりが楽になる方法知りたい",
        "育児が楽になる方法ってある？",
    ],
)
def test_detect_crisis_a_holiday_an_errand_a_time_capsule_or_ease_is_not_a_farewell(
    search: SearchService, text: str
) -> None:
    _silent(search, text)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # small children left alone for a long time
        ("2歳の子を家に置いて仕事に来てる。夜まで帰れない", "child"),
        ("I left my toddler home alone all day, I can't get back until tonight", "child"),
        # a child missing now and being looked for
        ("4歳の娘が見当たらない。1時間探してる", "child"),
        ("3歳の息子がスーパーで迷子。ずっと探してるけど見つからない", "child"),
        # scalded, fallen and bleeding or sick, a pod bitten
        ("子どもが天ぷら油をかぶった", "child"),
        ("2歳の子がポットのお湯をかぶった。顔が真っ赤", "child"),
        ("娘がベッドから落ちて頭を打った。吐いてる", "medical"),
        ("我女兒從樓梯上摔下來，頭流血了", "child"),
        ("Con bé 2 tuoi bi bong nuoc soi, da phong len", "child"),
        ("2歳の息子がジェルボールをかじった", "medical"),
    ],
)
def test_detect_crisis_a_small_child_left_lost_burnt_or_fallen(
    search: SearchService, text: str, kind: str
) -> None:
    _fires(search, text, kind)


@pytest.mark.parametrize(
    "text",
    [
        "中学生の娘が一人で留守番してる。夜まで仕事",
        "3歳の子は今日は祖母の家。私は夜まで仕事で、迎えは母がしてくれる",
        "子どもがいないので、仕事を探してる",
        "子どもの頃階段から落ちて頭を打ったことがある",
    ],
)
def test_detect_crisis_a_child_with_a_grandmother_or_a_teenager_at_home_is_not_danger(
    search: SearchService, text: str
) -> None:
    _silent(search, text)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # someone seen limp or collapsed outside
        ("駅のホームでぐったりしてる男の人がいる", "medical"),
        # someone who did not come back and left a letter
        ("同期が昼から戻ってこない。ロッカーに置き手紙があった", "suicide"),
        ("My coworker never came back from lunch and left a letter on her desk", "suicide"),
        # on the phone, on a balcony or a roof, then silent: a worker reporting it
        ("支援員です。通話中の利用者さんがベランダに出たと言って、黙り込んでしまいました", "suicide"),
        # cut in the bath, the water red; deeper than usual
        ("お湯が赤くなってる。カミソリで切った", "medical"),
        ("いつもより深く切れた。縫うかも", "medical"),
        # on a bridge looking down; a one-way trip to a known cliff
        ("今、歩道橋の上。下を見てる", "suicide"),
        ("東尋坊までの行き方教えて。帰りの切符はいらない", "suicide"),
        # a window smashed, kept from taking a step out, labour felt, a neck squeezed in Korean
        ("夫が窓ガラスを叩き割った", "violence"),
        ("今日も玄関に見張りが立ってて、一歩も外に出られない", "violence"),
        ("臨月です。股が圧迫される感じで、いきみたい", "medical"),
        ("남편이 방금 제 목을 졸랐어요", "violence"),
    ],
)
def test_detect_crisis_someone_gone_or_silent_and_her_own_danger_in_other_shapes(
    search: SearchService, text: str, kind: str
) -> None:
    _fires(search, text, kind)


@pytest.mark.parametrize(
    "text",
    [
        "うちの犬が公園でぐったりしてる",
        "夏バテでぐったりしてる、駅まで歩けない",
        "彼氏が荷物まとめて出て行った。置き手紙があった、別れようって",
        "相談員です。相談者が電話中に黙ってしまうことがあります。どう対応すれば",
        "入浴剤でお湯が赤くなった",
        "ミシンでいつもより深く縫ってしまった",
        "橋の上から花火を見てる、川がきれい",
        "東尋坊に旅行したい。行き方教えて",
        "元カレがしつこくて家の前まで来る。今日は来てないけど",
        # the brief's look-alikes: a hypothetical friend, an exam joke, a worker asking for a list
        "友達が死にたいって言い出したら、なんて言えばいいかな",
        "시험 망해서 죽고 싶다ㅋㅋ 내일 치킨 먹자",
        "상담원입니다. 스토킹 피해자를 위한 한국어 상담 기관 목록 있나요?",
    ],
)
def test_detect_crisis_a_pet_the_heat_a_break_up_a_worker_a_bath_or_a_view_stay_silent(
    search: SearchService, text: str
) -> None:
    _silent(search, text)


def test_the_words_of_a_few_recent_texts_are_kept_and_no_more(search: SearchService) -> None:
    """One search reads its sentences twice (the crisis detector, the scope model): the
    second reading is the memo's, the same words; a thread keeps only the last few texts."""
    analyzer = search.analyzer
    first = reading.tokenize(analyzer, "もう死にたい")
    assert reading.tokenize(analyzer, "もう死にたい") is first
    assert first == reading._tokenize(analyzer, "もう死にたい")
    for i in range(3 * reading.RECENT_TEXTS):
        reading.tokenize(analyzer, f"{i}回目の相談です")
    assert len(reading._recent.memo) == reading.RECENT_TEXTS


@pytest.mark.parametrize(
    "text", ["いしょをかいておいた", "ろーぷとれんたんをかった", "けんしゅうでおねがいされた", "abc", ""]
)
def test_respellings_looked_up_by_their_first_kana_are_every_one_the_sentence_holds(
    search: SearchService, text: str
) -> None:
    respell = search.crisis._respell
    assert respell.within(text) == [r for r in respell.forms if r in text]
