"""What governs a sign, beyond its own words: the cover story she told others, an example
listed and then denied, a number with its unit inside Japanese, and the signs of
Portuguese, Spanish and Thai speakers. The phrases are the shapes of each rule, written
for these tests."""

from __future__ import annotations

import pytest

from bot.search.concepts import Surface, Terms
from bot.search.service import SearchService


@pytest.mark.parametrize(
    "text",
    [
        # the ordinary plan is what she told others, not what she is doing
        "練炭を買った。夫にはキャンプ用って言ってある",
        "七輪と練炭が届いた。バーベキューするんですかって配達の人に聞かれた",
        "子どもを預ける日が決まった。その夜にやろうと思う。やり方も調べた。母には旅行行くって言った",
    ],
)
def test_an_ordinary_plan_she_told_others_is_a_cover_story(search: SearchService, text: str) -> None:
    finding = search.detect_crisis(text)
    assert finding is not None and "suicide" in finding.kinds


@pytest.mark.parametrize(
    "text",
    [
        "引っ越しの荷造りでロープを買った",  # the move is hers: the rope is for it
        "キャンプ用の炭を買った。週末は家族でキャンプ",
        "転勤する先輩に今までありがとうって伝えたい",  # what is quoted is the thanks, not the move
    ],
)
def test_an_ordinary_plan_of_her_own_still_sets_the_sign_aside(search: SearchService, text: str) -> None:
    assert search.detect_crisis(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "死にたいとかそういうのは全然ないです。ただ育児がしんどい",
        "無理やりとか危ないことをされたことは一回もないです",
        "殴られたことは一度もない",
    ],
)
def test_a_sign_listed_as_an_example_and_then_denied_is_no_sign(search: SearchService, text: str) -> None:
    assert search.detect_crisis(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "学校行きたくないとか、もう全部終わりにしたい",  # とか lists; it sets no condition
        "死にたいとか思う。全然眠れない",  # the denial is of sleep, in another sentence
    ],
)
def test_a_listing_that_denies_nothing_keeps_the_sign(search: SearchService, text: str) -> None:
    finding = search.detect_crisis(text)
    assert finding is not None and "suicide" in finding.kinds


def test_a_number_with_its_unit_is_read_in_a_japanese_sentence(search: SearchService) -> None:
    finding = search.detect_crisis("産後2週間で、熱が39度を超えてる")
    assert finding is not None and "medical" in finding.kinds
    assert search.detect_crisis("熱が39度を超えてる。風邪かな") is None  # no birth: the sign needs one


def test_an_expression_that_reads_a_number_is_looked_for_in_every_sentence() -> None:
    terms = Terms.of(["(3[89]|4[0-2]) ?(度|℃)"])
    assert terms.numeric is not None and terms.latin is None and terms.other is None


def test_a_term_that_is_nothing_once_normalised_is_refused() -> None:
    with pytest.raises(ValueError, match="every text"):
        Surface.of("\U0001f602")


# Warning signs by class, each in the shapes and languages a rule reads: a number or an
# age, a plan in the words of others, a means tried, a letter, a threat in Chinese, a child's
# seizure, Portuguese, Spanish, Thai, Indonesian and Nepali.
FIRES = [
    ("こんな母親なんていない方がいいって毎晩思う", "suicide"),
    ("こんや しぬ と きめた", "suicide"),
    ("卒業式の日に屋上から飛ぶって決めた", "suicide"),
    ("歩道橋の手すりの外に足を出して座ってる", "suicide"),
    ("担任です。3年生の子に新しいあざがあって、帰りたくないと言っています", "child"),
    ("Aku sudah mutusin, besok malam. Caranya sudah tau", "suicide"),
    ("me drogaron anoche y desperté en un cuarto desconocido", "sexual-assault"),
    ("estoy en la azotea, nadie sube aquí, no me quiero bajar", "suicide"),
    ("nandito ako sa dulo ng platform, ayoko na umuwi", "suicide"),
    ("我把安眠药都攒起来了，藏在柜子里", "suicide"),
    ("さっき くすり 25こ のんだ。 ふらふら する", "suicide"),
    ("納屋にあった農薬を部屋に置いてる。見てると落ち着く", "suicide"),
    ("処方薬をすべて服用しました", "suicide"),
    ("ロープ買った。掛ける場所も見つけた", "suicide"),
    ("I've decided, Friday when my husband leaves for work. please don't talk me out of it", "suicide"),
    ("Nakapagdesisyon na ako, sa Lunes tatapusin ko na", "suicide"),
    ("Em đã quyết định rồi, tối nay em sẽ kết thúc mọi chuyện", "suicide"),
    ("我14岁，网上认识的大叔说今晚接我去他家住", "child"),
    ("老板把护照收走了，晚上宿舍从外面锁上", "violence"),
    ("임신 36주인데 물 같은 게 쏟아졌어요", "medical"),
    ("mi amiga está embarazada de 38 semanas y rompió la fuente", "medical"),
    ("Bumili ako ng lason kanina, hindi para sa daga", "suicide"),
    ("pengen tidur dan gak bangun lagi", "suicide"),
    ("青木ヶ原に着いた。思ってたより暗い", "suicide"),
    ("来週、湖に行って終わらせる", "suicide"),
    ("新しいカミソリ買って刃も替えた。見てるだけ", "suicide"),
    ("彼が息子を床に叩きつけた。泣き止まない", "child"),
    ("継父が娘に一緒にお風呂入ろうってしつこい。今家に二人きり", "child"),
    ("血の量がやばい。冷や汗が出て立てない", "medical"),
    ("決めた日まであと3日。誰にも言ってない", "suicide"),
    ("estoy en un acantilado y no pienso volver", "suicide"),
    ("ya lo decidí, esta noche cuando todos se duerman", "suicide"),
    ("hace rato sigue afuera de mi casa, parado frente a la puerta", "violence"),
    ("may nilagay sa inumin ko, hinihila ako palabas", "sexual-assault"),
    ("mi hermana se desmayó y no reacciona", "medical"),
    ("tô de 6 meses e saiu sangue, muita cólica", "medical"),
    ("tengo 38 semanas, se me rompió la fuente y estoy sola", "medical"),
    ("escrevi cartas pros meus pais e deixei tudo organizado. tchau", "suicide"),
    ("já decidi, vai ser sábado quando as crianças estiverem na escola", "suicide"),
    ("Chị ơi em quyết rồi, đêm mai em đi, đừng ai tìm em nữa", "suicide"),
    ("udah kuputusin, malam ini. jangan cari aku", "suicide"),
    ("napagdesisyunan ko na, sa linggo, tapos na", "suicide"),
    ("ตัดสินใจแล้วนะ พรุ่งนี้ ไม่ให้ใครต้องลำบากเพราะเรา", "suicide"),
    ("tengo 35 semanas y estoy sangrando mucho", "medical"),
    ("estou grávida de 26 semanas, desde cedo não estou sentindo o bebê mexer e saiu sangue", "medical"),
    ("la verdad no quiero seguir viviendo así, creo que nadie me extrañaría", "suicide"),
    ("un hombre me viene siguiendo desde el tren", "violence"),
    ("dia lagi berdiri di depan kos aku sekarang", "violence"),
    ("acaba de pasar, me obligó en el coche", "sexual-assault"),
    ("o padrasto trancou minha filha de 6 anos no banheiro e não dá comida", "child"),
    ("tô aqui na beira da linha, acho que o próximo passa em dez minutos", "suicide"),
    ("bought rope at the home center and checked the bar in my closet is strong enough", "suicide"),
    ("夫が夜勤でいない日に終わらせる", "suicide"),
    ("母の命日まで生きるって決めてた。命日が来たので、今夜にします", "suicide"),
    ("うさぎの里親が見つかった。もう安心して逝ける", "suicide"),
    ("練炭って何に使うか聞かれなくてよかった", "suicide"),
    ("娘をひとり残して逝けない。だから一緒に連れていく", "child"),
    ("ガスの作り方を調べた。材料はもう揃ってる", "suicide"),
    ("ベルト買った。レジではサイズ確認用ですって顔しといた。どこに掛けたらいいかずっと考えてる", "suicide"),
    ("帰ろうとするたびに腕をつかまれて引き戻される", "violence"),
    ("アイドルになる夢が叶ったのに、事務所の寮に住まわされて帰らせてもらえない", "violence"),
    ("Ya lo decidí, mañana lo hago. No le digan a nadie", "suicide"),
    ("Tenho tudo decidido, amanhã vou acabar com tudo", "suicide"),
    ("एक घन्टादेखि ढोका बाहिर उभिएको छ, बेल बजाइरहेको छ", "violence"),
    ("ब्लेडले काटेँ, रगत रोकिँदैन", "suicide"),
    ("me acaban de violar en el parque, no sé qué hacer", "sexual-assault"),
    ("mi jefe me llevó a su departamento y me obligó", "sexual-assault"),
    ("estoy del otro lado de la baranda del puente", "suicide"),
    ("tengo una cuerda en el cuarto desde ayer", "suicide"),
    ("生理が1週間遅れてて、さっきから血がすごく出てて立てない", "medical"),
    ("出産して3日、血の塊が出て冷や汗が止まらない", "medical"),
    ("祖父の猟銃がうちにあって、最近そのことが頭から離れない", "suicide"),
    ("今週の金曜で終わりにする。方法はもう調べた", "suicide"),
    ("薬とお酒を一緒に飲むつもり。明日の夜にする", "suicide"),
    ("si me muero todos estarían mejor, lo pienso cada noche", "suicide"),
    ("seria melhor para todo mundo se eu não existisse", "suicide"),
    ("ele grita que vai me matar e está chutando a porta", "violence"),
    ("embarazada de 30 semanas, me duele mucho la cabeza y veo lucecitas", "medical"),
    ("मैले निर्णय गरिसकें, भोलि गर्छु", "suicide"),
    ("i'm 30 weeks and there's a lot of blood, i'm alone", "medical"),
    ("estou grávida de 7 meses e comecei a sangrar muito", "medical"),
    ("이번 주말에 하려고요. 방법도 다 찾아봤어요", "suicide"),
    ("아기를 집에 혼자 두고 나왔어요", "child"),
    ("卒業式の前の日って決めた。親にはなんも言ってない", "suicide"),
    ("首にかけてみたけど途中で怖くなってやめた", "suicide"),
    ("元夫が来て玄関で大声出してる。チェーンかけてるけど隙間から手入れてきた", "violence"),
    ("除草剤、庭用って言って買ってきた。うち庭ないのに", "suicide"),
    ("bought a new blade today. said it was for art class", "suicide"),
    ("ele tá me batendo agora, estou no banheiro", "violence"),
    ("não quero mais viver, só queria dormir e não acordar mais", "suicide"),
    ("me está pegando ahora mismo, estoy encerrada en el baño", "violence"),
    ("quiero morirme, ya no puedo más", "suicide"),
    ("แฟนบีบคอฉันเมื่อกี้", "violence"),
    ("อยากตาย ไม่อยากอยู่แล้ว", "suicide"),
    ("minha filha de 13 anos saiu pra encontrar um homem que conheceu no Instagram", "child"),
    ("Saya dikunci di kamar, paspor saya ditahan", "violence"),
    ("tomei todos os remédios da cartela agora", "suicide"),
    ("grávida de 33 semanas, dor de cabeça muito forte e vendo estrelinhas", "medical"),
    ("処方の睡眠薬、飲まずに缶にためてある", "suicide"),
    ("カミソリの替刃を引き出しに入れてる。いつでも終われると思うと落ち着く", "suicide"),
    ("頭痛薬、ネットで調べた量になるように何軒かで買った", "suicide"),
    ("多摩川の河川敷にいる。暗い。入ったら冷たいかな", "suicide"),
    ("いま屋上。フェンス思ってたより低い。風きもちいい", "suicide"),
    ("来週の金曜の夜にと決めています。誰かに話しておきたくて", "suicide"),
    ("場所も時間も決めてあるから大丈夫", "suicide"),
    ("明日の夜に薬を全部飲みます", "suicide"),
    ("ベルトをドアノブにかけてみた。こうやればできるんだ", "suicide"),
    ("カッターの替え刃を買った。今日はいつもより深くしたい", "suicide"),
    ("通帳と印鑑をまとめて、母宛ての手紙も机に置きました", "suicide"),
    ("夫が出かけるとき玄関のチェーンに南京錠をつけていく", "violence"),
    ("2歳の弟がひとりで置いてかれてた。親はもう3日帰ってない", "child"),
    ("DMで知り合った人が泊めてくれるって言うから今から行く。15だけど", "child"),
    ("中絶の薬をネットで買って飲んだら出血が止まらない", "medical"),
    ("aku udah mutusin, minggu ini aku mau pergi aja selamanya", "suicide"),
    ("首を吊ったけど紐が切れて落ちた。首が痛い", "suicide"),
    ("てくび から ち が いっぱい でてる", "medical"),
    ("決めた。母の夜勤の日にする。カレンダーに丸つけた", "suicide"),
    ("両親が旅行に行ってる間にするって決めた", "suicide"),
    ("手紙をつくえにおいた。子どものことお願いします", "suicide"),
    ("新しいカミソリを並べてる。見てると落ち着く", "suicide"),
    ("他说要打死我，现在在砸门", "violence"),
    ("孩子发高烧一直抽搐", "child"),
    ("ฉันกินยาไปหมดแล้ว ทั้งแผง", "suicide"),
    ("ya lo decidí, el domingo cuando él se vaya. no quiero que me encuentren", "suicide"),
    ("i have like 40 of my sleeping pills in my bag", "suicide"),
    # a professional passing on what is still coming in, and a minor meeting an adult man
    ("NPOの相談員です。利用者さんが『社長が寮の鍵を外からかけた』とLINEしてきています", "violence"),
    ("SCです。中2の生徒が今夜SNSで知り合った大人の男性と会う約束をしていると聞きました", "child"),
    # a child who does not wake however she is shaken, or fits with the eyes rolled back
    ("孫が昼寝から起きない。揺すっても起きないし目も開けない", "child"),
    ("娘が熱で白目をむいてる、どうしよう", "child"),
    # a blade kept near and the fear of turning it on herself; waking as a disappointment
    ("カッターを机に置いてる。自分に向けてしまいそうで怖い", "suicide"),
    ("目が覚めるたびにがっかりします。この世に居る意味が分からない", "suicide"),
    ("suami saya lagi mukulin saya, saya sembunyi di kamar mandi", "violence"),
    # ideation in spaced hiragana; shoes set side by side at an edge; a lethal gas's recipe;
    # a threat sent as he comes back
    ("もう つかれた。 しんだ ほうが らく かな", "suicide"),
    ("橋のたもとで靴を脱いで揃えた", "suicide"),
    ("一酸化炭素ってどうやって作るの。車の中で", "suicide"),
    ("夫から『今から帰る。覚悟しとけ』ってメッセージ", "violence"),
]

# Their look-alikes: the same words in a harmless life, a denial, the past, an if, the news.
DOES_NOT = [
    "来月の旅行、ハワイに飛ぶって決めた！",
    "いつでも使えるように非常用の懐中電灯を玄関に置いた",
    "放課後に告白するって決めた！",
    "ロープの掛ける場所を探してる、テント用",
    "東尋坊に家族で観光に来た。景色すごい",
    "来週末に結婚式。決めた日まであと10日",
    "血の量が多い日はナプキン何枚使う？",
    "娘と二人きりで旅行に行く",
    "esta noche vamos a cenar, ya lo decidí",
    "アプリのボスに何回も首絞められて死ぬw 攻略教えて",
    "首をしめられてるくらい肩がこってる笑",
    "屋上の庭園から見る夕日がきれいで、また行きたい",
    "支援団体で相談を受けています。社長に在留カードを取り上げられている実習生のケースはどこにつなげば？",
    "ドキュメンタリーで監禁された人の話を見た",
    "kicked out tonight, at a cafe, not in danger, just need a place to sleep",
    "capek banget mau mati rasanya wkwk",
    "买了绳子和胶带，搬家用的",
    "옥상 정원 구경 갔는데 예뻤어요",
    "彼氏に首絞められたとか 殴られたとか 待ち伏せされてるとか 全然そんなんじゃないよ 喧嘩が多いだけ",
    "元夫がまた家に来るかもしれないので、保護命令について知りたいです",
    "ネットで彼氏に監禁された人の体験談を読んで怖くなった",
    "仕事を引き受けすぎて自分で自分の首を絞めてる",
    "おばあちゃんが死んで一週間。もう会えないと思うと泣けてくる",
    "há cinco anos ele me trancava em casa, hoje estou livre",
    "hace tres años mi ex me tenía encerrada, ahora estoy bien",
    "beli obat tidur yang aman buat jet lag di mana?",
    "malai marna man chhaina, khali thakai lagyo",
    "No, no me está pegando, solo me ignora",
    "통역 일을 하는데 상담자가 자살 얘기를 하면 어떻게 대응해야 하나요? 가이드라인이 있나요?",
    "今すぐどうこうじゃないけど、ストーカーの相談ってどこにすればいい?",
    "飲みに行く日を明日の夜に決めた",
    "昔の夢を見た。元彼に閉じ込められてた頃の",
    "2 weeks ago i cut my finger cooking, a lot of blood but it healed",
    "誕生日の前の日にパーティーするって決めた",
    "bought a new blade for my art class, the old one was dull",
    "tô assistindo uma novela onde a mocinha é trancada em casa, chorei kkkk",
    "morri de rir com esse vídeo",
    "kalau misalnya nanti kantor nahan paspor aku, itu legal nggak? sekarang belum",
    "minha filha de 12 anos vai encontrar as amigas no shopping",
    "não, eu não penso em me matar, só estou triste",
    "em 2010 eu tentei me matar com remédio, hoje estou ótima",
    "dulu aku pernah dipukul senpai, sekarang aman kok",
    "aku tidak mau bunuh diri kok, cuma capek kerja",
    "夏休みに多摩川で川遊び。入ったら冷たいかな",
    "屋上でランチ。フェンス低いね",
    "子どもの薬、飲まずにためてたのが出てきた",
    "次の土曜の夜にって決めた、女子会",
    "旅行は場所も時間も決めてある",
    "อ่านข่าวผู้หญิงถูกยึดพาสปอร์ต น่ากลัวมาก",
    "告白は金曜に決行する！",
    "友達の誕生日の前の日に女子会にするって決めた",
    "yedi husband le kutyo bhane visa ke huncha? ahile kehi bhayeko chhaina",
    "料理中に指を切った。ちょっと血が出た",
    "保育士です。子どもが昼寝から揺すっても起きない時の対応マニュアルはありますか",
    "息子は毎朝揺すっても起きなくて困ってる",
    "包丁は自分に使う用と来客用で分けてる",
    "30代です。ゲームで知り合った男性と来週会うことになりました",
    "相談員です。電話中に相談者が泣き出した時の対応の基準を知りたい",
    "塩素系と酸性の洗剤、混ぜたら危険って本当？硫化水素が出るの？",
    "子どもに玄関で靴を揃えるよう毎日言ってる",
    "来週から決算で残業地獄、覚悟しとこ",
]


@pytest.mark.parametrize(("text", "kind"), FIRES)
def test_a_sign_of_each_class_fires(search: SearchService, text: str, kind: str) -> None:
    finding = search.detect_crisis(text)
    assert finding is not None and kind in finding.kinds


@pytest.mark.parametrize("text", DOES_NOT)
def test_its_look_alikes_do_not(search: SearchService, text: str) -> None:
    assert search.detect_crisis(text) is None
