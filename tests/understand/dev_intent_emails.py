"""Dev set for READ-SPLIT / intent accuracy (issue 3): multi-request emails written for tuning,
six or seven per served language, shaped after the evaluation's error categories (second requests joined
by "and"/a comma, refund status vs return, not-received vs status, follow-ups, shipping time vs
options). Neither training data nor the held-out evaluation set."""

DEV_EMAILS: dict[str, list[tuple[str, frozenset[str]]]] = {}


def _add(lang: str, text: str, *intents: str) -> None:
    DEV_EMAILS.setdefault(lang, []).append((text, frozenset(intents)))


# --- en ---
_add("en", "Hi,\nI returned the jacket two weeks ago and I still haven't received my refund. "
     "Also, which shipping method would be fastest to Canada?\nThanks, Mia",
     "refund.status", "shipping.options")
_add("en", "Hello, my order #4412 was supposed to arrive on the 3rd and it's still not here, it's been "
     "three weeks. Did you get my last email? I wrote on Monday and got no answer.",
     "delivery.not_received", "followup.reminder")
_add("en", "Hi! Is the sweater 100% wool and what size would you recommend for 170 cm, 65 kg?",
     "product.question", "product.size_advice")
_add("en", "Good morning, where is my parcel? The tracking hasn't updated since Friday. "
     "I also need the second order within 10 days, before the wedding - can you ship it express?",
     "shipping.status", "shipping.options")
_add("en", "Hello, the mug arrived broken. Please send a replacement. And when will the refund for "
     "my cancelled order #5531 be back on my card?",
     "delivery.damaged", "refund.status")
_add("en", "Hi, this is the second time I'm asking: when will you ship my order #7710? "
     "It has been paid for a week.",
     "followup.reminder", "shipping.time")

# --- zh ---
_add("zh", "你好，我上周退回了裙子，退款到现在还没收到。另外，寄到新加坡有哪些快递方式？",
     "refund.status", "shipping.options")
_add("zh", "订单已经过了预计送达日期两周了，包裹还是没到。我三天前发过邮件，一直没人回复。",
     "delivery.not_received", "followup.reminder")
_add("zh", "这件外套是真皮的吗？还有，我身高165，体重52公斤，穿什么尺码合适？",
     "product.question", "product.size_advice")
_add("zh", "请问我的包裹现在到哪里了？物流信息一直没有更新。",
     "shipping.status")
_add("zh", "杯子收到时碎了，请帮我补发一个。顺便问一下，上次取消的订单退款什么时候到账？",
     "delivery.damaged", "refund.status")
_add("zh", "我想退货，这双鞋太小了。另外这个充电器和华为手机兼容吗？",
     "return.request", "product.question")

# --- zh-Hant ---
_add("zh-Hant", "您好，我兩週前寄回了外套，退款到現在還沒收到。另外，寄到澳門運費多少？",
     "refund.status", "shipping.options")
_add("zh-Hant", "包裹已經超過預計到貨日十天了，還是沒收到。我上週寫信給你們也沒有回覆。",
     "delivery.not_received", "followup.reminder")
_add("zh-Hant", "請問這件是純棉的嗎？還有我身高160公分，要穿哪個尺寸？",
     "product.question", "product.size_advice")
_add("zh-Hant", "請問我的包裹到哪裡了？追蹤號碼一直沒有更新。",
     "shipping.status")
_add("zh-Hant", "花瓶收到時破了，請幫我換一個。順便問一下，之前取消訂單的退款什麼時候會退回？",
     "delivery.damaged", "refund.status")
_add("zh-Hant", "我想退貨，尺寸太大了。另外，這個錶帶是真皮的嗎？",
     "return.request", "product.question")

# --- es ---
_add("es", "Hola, devolví el vestido hace dos semanas y todavía no he recibido el reembolso. "
     "Además, ¿qué método de envío es más rápido a México?",
     "refund.status", "shipping.options")
_add("es", "Buenas tardes, mi pedido debía llegar el día 5 y ya han pasado tres semanas, sigue sin llegar. "
     "¿Recibieron mi último correo? Les escribí hace tres días y nadie contestó.",
     "delivery.not_received", "followup.reminder")
_add("es", "¿La chaqueta es de cuero auténtico y qué talla me recomiendan si mido 1,70 y peso 60 kg?",
     "product.question", "product.size_advice")
_add("es", "Hola, ¿dónde está mi paquete? El seguimiento no se actualiza desde el viernes.",
     "shipping.status")
_add("es", "La taza llegó rota, por favor envíenme otra. Y ¿cuándo me devuelven el dinero del pedido cancelado?",
     "delivery.damaged", "refund.status")
_add("es", "Quiero devolver los zapatos porque me quedan pequeños y, además, ¿este cargador es compatible con Samsung?",
     "return.request", "product.question")

# --- de ---
_add("de", "Hallo, ich habe die Jacke vor zwei Wochen zurückgeschickt und die Erstattung ist immer noch nicht "
     "angekommen. Außerdem: welche Versandart ist nach Österreich am schnellsten?",
     "refund.status", "shipping.options")
_add("de", "Guten Tag, meine Bestellung sollte letzte Woche ankommen und ist immer noch nicht da. "
     "Haben Sie meine letzte E-Mail bekommen? Ich habe vor drei Tagen geschrieben und keine Antwort erhalten.",
     "delivery.not_received", "followup.reminder")
_add("de", "Ist der Pullover aus echter Wolle und welche Größe empfehlen Sie bei 180 cm und 80 kg?",
     "product.question", "product.size_advice")
_add("de", "Hallo, wo ist mein Paket? Die Sendungsverfolgung wird seit Freitag nicht aktualisiert.",
     "shipping.status")
_add("de", "Die Tasse kam zerbrochen an, bitte schicken Sie Ersatz. Und wann bekomme ich das Geld für die "
     "stornierte Bestellung zurück?",
     "delivery.damaged", "refund.status")
_add("de", "Ich möchte die Schuhe zurückgeben, sie sind zu klein, und ist das Ladegerät mit dem iPhone kompatibel?",
     "return.request", "product.question")

# --- fr ---
_add("fr", "Bonjour, j'ai renvoyé la robe il y a deux semaines et je n'ai toujours pas reçu mon remboursement. "
     "Par ailleurs, quel mode de livraison est le plus rapide pour la Belgique ?",
     "refund.status", "shipping.options")
_add("fr", "Bonjour, ma commande devait arriver il y a trois semaines et je ne l'ai toujours pas reçue. "
     "Avez-vous reçu mon dernier mail ? Je vous ai écrit il y a trois jours sans réponse.",
     "delivery.not_received", "followup.reminder")
_add("fr", "Le pull est-il en laine véritable et quelle taille me conseillez-vous pour 1,65 m et 55 kg ?",
     "product.question", "product.size_advice")
_add("fr", "Bonjour, où est mon colis ? Le suivi n'est pas mis à jour depuis vendredi.",
     "shipping.status")
_add("fr", "La tasse est arrivée cassée, merci de m'en renvoyer une. Et quand serai-je remboursée pour la "
     "commande annulée ?",
     "delivery.damaged", "refund.status")
_add("fr", "Je voudrais retourner les chaussures, elles sont trop petites, et ce chargeur est-il compatible avec Samsung ?",
     "return.request", "product.question")

# --- ru ---
_add("ru", "Здравствуйте, я вернула платье две недели назад, а деньги до сих пор не пришли. "
     "И ещё: какой способ доставки в Казахстан самый быстрый?",
     "refund.status", "shipping.options")
_add("ru", "Добрый день, заказ должен был прийти три недели назад, но до сих пор не пришёл. "
     "Вы получили моё прошлое письмо? Я писала три дня назад и ответа нет.",
     "delivery.not_received", "followup.reminder")
_add("ru", "Свитер из натуральной шерсти? И какой размер посоветуете при росте 170 и весе 60 кг?",
     "product.question", "product.size_advice")
_add("ru", "Здравствуйте, где моя посылка? Трекинг не обновляется с пятницы.",
     "shipping.status")
_add("ru", "Кружка пришла разбитой, пришлите, пожалуйста, новую. И когда вернут деньги за отменённый заказ?",
     "delivery.damaged", "refund.status")
_add("ru", "Хочу вернуть туфли, они малы, и подходит ли это зарядное устройство к Samsung?",
     "return.request", "product.question")

# --- pt ---
_add("pt", "Olá, devolvi o vestido há duas semanas e ainda não recebi o reembolso. "
     "Além disso, qual é o envio mais rápido para Angola?",
     "refund.status", "shipping.options")
_add("pt", "Boa tarde, a minha encomenda devia ter chegado há três semanas e ainda não chegou. "
     "Receberam o meu último email? Escrevi há três dias e não tive resposta.",
     "delivery.not_received", "followup.reminder")
_add("pt", "O casaco é de couro verdadeiro e que tamanho me recomendam para 1,70 m e 65 kg?",
     "product.question", "product.size_advice")
_add("pt", "Olá, onde está o meu pacote? O rastreio não atualiza desde sexta-feira.",
     "shipping.status")
_add("pt", "A caneca chegou partida, por favor enviem outra. E quando é que recebo o dinheiro da encomenda cancelada?",
     "delivery.damaged", "refund.status")
_add("pt", "Quero devolver os sapatos porque ficaram pequenos e este carregador é compatível com Samsung?",
     "return.request", "product.question")

# --- et ---
_add("et", "Tere, saatsin kleidi kaks nädalat tagasi tagasi, aga raha pole ikka veel tagasi tulnud. "
     "Lisaks, milline tarneviis on Soome kõige kiirem?",
     "refund.status", "shipping.options")
_add("et", "Tere, tellimus pidi saabuma kolm nädalat tagasi, aga seda pole ikka veel kohal. "
     "Kas saite mu eelmise kirja kätte? Kirjutasin kolm päeva tagasi ja vastust pole.",
     "delivery.not_received", "followup.reminder")
_add("et", "Kas kampsun on puhtast villast ja millist suurust soovitate, kui olen 170 cm ja 60 kg?",
     "product.question", "product.size_advice")
_add("et", "Tere, kus mu pakk on? Jälgimisinfo pole reedest saadik uuenenud.",
     "shipping.status")
_add("et", "Kruus saabus katkisena, palun saatke uus. Ja millal ma saan raha tühistatud tellimuse eest tagasi?",
     "delivery.damaged", "refund.status")
_add("et", "Soovin kingad tagastada, need on väikesed, ja kas see laadija sobib Samsungiga?",
     "return.request", "product.question")

# --- lv ---
_add("lv", "Labdien, es atgriezu kleitu pirms divām nedēļām, bet naudu joprojām neesmu saņēmusi. "
     "Turklāt, kurš piegādes veids uz Lietuvu ir ātrākais?",
     "refund.status", "shipping.options")
_add("lv", "Labdien, pasūtījumam bija jāpienāk pirms trim nedēļām, bet tas joprojām nav pienācis. "
     "Vai saņēmāt manu iepriekšējo e-pastu? Rakstīju pirms trim dienām un atbildes nav.",
     "delivery.not_received", "followup.reminder")
_add("lv", "Vai džemperis ir no īstas vilnas un kādu izmēru iesakāt, ja esmu 170 cm un 60 kg?",
     "product.question", "product.size_advice")
_add("lv", "Labdien, kur ir mana paciņa? Izsekošana nav atjaunota kopš piektdienas.",
     "shipping.status")
_add("lv", "Krūze pienāca saplīsusi, lūdzu, atsūtiet jaunu. Un kad es saņemšu naudu par atcelto pasūtījumu?",
     "delivery.damaged", "refund.status")
_add("lv", "Vēlos atgriezt kurpes, tās ir par mazu, un vai šis lādētājs ir saderīgs ar Samsung?",
     "return.request", "product.question")


# Status asked in passing ("how is my order going?") next to a product question (issue 3: status
# read as "other", second requests lost).
_add("en", "Any news about order 5512? Also, is the scarf wool?", "shipping.status", "product.question")
_add("en", "Hi, I ordered a coat last week, can you tell me how it's going? Thanks", "shipping.status")
_add("pt", "Olá, gostaria de saber o estado da minha encomenda 778 e se a camisola é de algodão.",
     "shipping.status", "product.question")
_add("zh", "我的订单怎么样了？还有这件毛衣会起球吗？", "shipping.status", "product.question")
_add("lv", "Labdien, kā ir ar manu pasūtījumu 4410? Un vai jums ir šī kleita M izmērā?",
     "shipping.status", "product.availability")
_add("et", "Tere, mis seis on mu tellimusega? Ja kas teil on see kleit suuruses M?",
     "shipping.status", "product.availability")
_add("ru", "Здравствуйте, что с моим заказом? И есть ли эта куртка в размере M?",
     "shipping.status", "product.availability")
_add("es", "Hola, ¿cómo va mi pedido? ¿Y tenéis la chaqueta en talla M?",
     "shipping.status", "product.availability")
_add("de", "Hallo, gibt es Neuigkeiten zu meiner Bestellung? Und haben Sie die Jacke in M?",
     "shipping.status", "product.availability")
_add("fr", "Bonjour, où en est ma commande ? Et avez-vous la veste en M ?",
     "shipping.status", "product.availability")


# Lost vs status, money asked after a delivery problem, reminders (issue 3 categories 2, 3, 5).
_add("en", "Where's my package? It still says label created.", "shipping.status")
_add("en", "I've been waiting four weeks, it's way past the delivery date. Please refund me.",
     "delivery.not_received")
_add("lv", "Paka nav pienākusi jau mēnesi. Lūdzu, atmaksājiet naudu.", "delivery.not_received")
_add("lv", "Vai jūs saņēmāt manu e-pastu? Neviens neatbild jau nedēļu.", "followup.reminder")
_add("zh-Hant", "您好，請問有收到我上週的信嗎？到現在都沒回覆。", "followup.reminder")
_add("pt", "Olá, mandei email há uma semana e ainda ninguém me respondeu. Podem verificar?",
     "followup.reminder")


# A second set, written after the cue work above and NOT tuned against: it shows whether the
# changes carry over to new wording (issue 3 asks for general gains, not for fitting a list).
FRESH_EMAILS: dict[str, list[tuple[str, frozenset[str]]]] = {}


def _fresh(lang: str, text: str, *intents: str) -> None:
    FRESH_EMAILS.setdefault(lang, []).append((text, frozenset(intents)))


_fresh("en", "Hello,\nthe parcel with my order 3390 still hasn't come, the estimated date was last Tuesday. "
       "If it's lost I'd like my money back.\nRegards, Tom", "delivery.not_received")
_fresh("en", "Hi there, quick question: do the earrings come in silver, and how much would shipping to "
       "Norway cost? I'd need them before 20 December.", "product.availability", "shipping.options")
_fresh("en", "Just checking whether you saw my message from last week about the exchange? "
       "I still have the shoes here and don't know where to send them.", "followup.reminder", "return.request")
_fresh("zh", "包裹的物流三天没动了，请问现在在哪里？另外这个包是真皮的吗？", "shipping.status", "product.question")
_fresh("zh", "上周寄回的耳机你们收到了吗？退款一直没到账。", "refund.status")
_fresh("zh", "你好，第二次问了：能寄到马来西亚吗？运费多少？", "followup.reminder", "shipping.options")
_fresh("zh-Hant", "請問包裹現在到哪裡了？另外這款有沒有黑色？", "shipping.status", "product.availability")
_fresh("zh-Hant", "我上週就把商品寄回去了，錢什麼時候會退給我？", "refund.status")
_fresh("zh-Hant", "已經超過預計到貨時間一個禮拜，包裹還是沒收到。", "delivery.not_received")
_fresh("es", "Buenos días, ¿me podéis decir dónde está mi pedido 4471? El número de seguimiento no muestra nada. "
       "Y otra cosa: ¿la mochila es impermeable?", "shipping.status", "product.question")
_fresh("es", "Hace diez días que devolví el abrigo y no veo el dinero en mi cuenta. ¿Cuándo llegará?",
       "refund.status")
_fresh("es", "Os escribí el lunes y nadie me ha contestado. Necesito saber qué talla pedir: mido 1,80.",
       "followup.reminder", "product.size_advice")
_fresh("de", "Guten Tag, seit zehn Tagen bewegt sich die Sendungsverfolgung nicht. Wo ist das Paket? "
       "Und liefern Sie auch in die Schweiz?", "shipping.status", "shipping.options")
_fresh("de", "Die Bestellung ist nach über drei Wochen immer noch nicht angekommen. Falls sie verloren ist, "
       "hätte ich gern mein Geld zurück.", "delivery.not_received")
_fresh("de", "Ich frage zum zweiten Mal: ist die Tasche aus echtem Leder?", "followup.reminder", "product.question")
_fresh("fr", "Bonjour, mon colis n'a pas bougé depuis une semaine sur le suivi, où en est-il ? "
       "Et livrez-vous en Suisse ?", "shipping.status", "shipping.options")
_fresh("fr", "J'ai retourné les bottes le 3 mars et je n'ai toujours pas été remboursée.", "refund.status")
_fresh("fr", "Je n'ai eu aucune réponse à mon mail de lundi. Quelle taille me conseillez-vous pour un 38 ?",
       "followup.reminder", "product.size_advice")
_fresh("ru", "Посылка уже месяц в пути, срок доставки давно прошёл, а её всё нет.", "delivery.not_received")
_fresh("ru", "Где сейчас мой заказ? Трек-номер не показывает движение. А сумка из натуральной кожи?",
       "shipping.status", "product.question")
_fresh("ru", "Я отправила товар обратно две недели назад, когда вернутся деньги?", "refund.status")
_fresh("pt", "Bom dia, o meu pedido já passou da data prevista e ainda não chegou. Escrevi na semana passada "
       "e ninguém respondeu.", "delivery.not_received", "followup.reminder")
_fresh("pt", "Onde está a minha encomenda? O código de rastreio não mostra nada. E têm este vestido em azul?",
       "shipping.status", "product.availability")
_fresh("pt", "Devolvi as sapatilhas há duas semanas. Quando é que o reembolso entra na conta?", "refund.status")
_fresh("et", "Tere, kus mu tellimus praegu on? Jälgimiskood ei näita midagi. Ja kas saadate ka Lätti?",
       "shipping.status", "shipping.options")
_fresh("et", "Saatsin jope kaks nädalat tagasi tagasi. Millal raha tagasi kantakse?", "refund.status")
_fresh("et", "Pakk pidi kohal olema juba eelmisel nädalal, aga pole siiani jõudnud.", "delivery.not_received")
_fresh("lv", "Labdien, kur šobrīd ir mans pasūtījums? Izsekošanas kods neko nerāda. Un vai sūtāt arī uz Igauniju?",
       "shipping.status", "shipping.options")
_fresh("lv", "Atsūtīju jaku atpakaļ pirms divām nedēļām. Kad nauda tiks atmaksāta?", "refund.status")
_fresh("lv", "Rakstīju jums pagājušajā nedēļā, bet atbildi nesaņēmu. Vai soma ir no īstas ādas?",
       "followup.reminder", "product.question")
