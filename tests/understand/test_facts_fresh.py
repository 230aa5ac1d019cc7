"""READ-FACTS on fresh e-mails written after the extractors (not tuned on them): every fact kind,
all ten languages, one received date. Values in the labelling convention of the eval set:
measurements "182 cm", amounts "64.99 USD"."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import pytest

from tactful.understand.facts import extract_facts

R = datetime(2026, 4, 14, 9, 30)  # a Tuesday
CASES = [
 ("en", "Hi! Order #55120 came yesterday but the navy hoodie (size L) is missing. I paid $64.99 for two hoodies. Tracking was 1Z999AA10123456784.",
  {"order_numbers": ["55120"], "colours": ["navy"], "sizes": ["L"], "amounts": ["64.99 USD"], "quantities": ["2"], "tracking_numbers": ["1Z999AA10123456784"], "dates": ["2026-04-13"]}),
 ("en", "Can you ship 3 pcs of SKU BR-220 to Canada before May 2? I'm 5'4\" if that matters for the dress.",
  {"quantities": ["3"], "skus": ["BR-220"], "countries": ["CA"], "dates": ["2026-05-02"], "measurements": ["64 in"]}),
 ("de", "Guten Tag, meine Bestellung 77120 (2 Paar Wanderschuhe, Größe 42) ist seit dem 3. April unterwegs. Sendungsnummer RR123456785CN. Bitte bis Montag klären.",
  {"order_numbers": ["77120"], "quantities": ["2"], "sizes": ["42"], "dates": ["2026-04-03", "2026-04-20"], "tracking_numbers": ["RR123456785CN"]}),
 ("de", "Hallo, ich bin 1,82 m groß und wiege 85 kg. Passt mir die Jacke in XL? Gibt es sie auch in Dunkelgrün?",
  {"measurements": ["182 cm", "85 kg"], "sizes": ["XL"], "colours": ["green"]}),
 ("fr", "Bonjour, j'ai commandé 4 bougies parfumées (commande 30911) pour 39,90 €. Une est arrivée cassée. Livraison en Suisse.",
  {"quantities": ["4"], "order_numbers": ["30911"], "amounts": ["39.90 EUR"], "countries": ["CH"]}),
 ("fr", "Je mesure 1m65 pour 58 kg, quelle taille pour la robe rouge ? J'en ai besoin avant samedi.",
  {"measurements": ["165 cm", "58 kg"], "colours": ["red"], "dates": ["2026-04-18"]}),
 ("es", "Hola, el pedido 70123 llegó con la talla equivocada: pedí una M y vino una XL. Número de seguimiento LP00123456789012.",
  {"order_numbers": ["70123"], "sizes": ["M", "XL"], "tracking_numbers": ["LP00123456789012"]}),
 ("es", "¿Tienen 12 unidades del modelo TZ-401 en negro? Necesito recibirlas en México antes del 30 de abril.",
  {"quantities": ["12"], "skus": ["TZ-401"], "colours": ["black"], "countries": ["MX"], "dates": ["2026-04-30"]}),
 ("pt", "Olá, a encomenda 20991 foi enviada dia 8 de abril e ainda não chegou a Portugal. Paguei 45,50 € de portes.",
  {"order_numbers": ["20991"], "dates": ["2026-04-08"], "countries": ["PT"], "amounts": ["45.50 EUR"]}),
 ("pt", "Qual tamanho devo pedir? Tenho 1,70 m e 65 kg, cintura 78 cm. Quero a calça em bege.",
  {"measurements": ["170 cm", "65 kg", "78 cm"], "colours": ["beige"]}),
 ("ru", "Здравствуйте! Заказ № 40991 пришёл без одного браслета, я заказывала 3 штуки. Трек-номер RA123456785RU.",
  {"order_numbers": ["40991"], "quantities": ["3"], "tracking_numbers": ["RA123456785RU"]}),
 ("ru", "Подскажите размер: рост 165 см, вес 55 кг, обхват бёдер 94 см. Нужно к 25 апреля, доставка в Казахстан.",
  {"measurements": ["165 cm", "55 kg", "94 cm"], "dates": ["2026-04-25"], "countries": ["KZ"]}),
 ("zh", "你好，订单号：202604100088，买了两双运动鞋，42码，白色的。快递单号YT1234567890123456，已经一周没更新了。",
  {"order_numbers": ["202604100088"], "quantities": ["2"], "sizes": ["42"], "colours": ["white"], "tracking_numbers": ["YT1234567890123456"]}),
 ("zh", "身高165，体重50公斤，这款连衣裙选S还是M？下周六之前能寄到上海吗？",
  {"measurements": ["165 cm", "50 kg"], "sizes": ["S", "M"], "dates": ["2026-04-25"], "countries": ["CN"]}),
 ("zh-Hant", "您好，訂單編號 61881 的藍色外套收到了，但尺寸是L不是M。請問可以換嗎？運費NT$120誰出？",
  {"order_numbers": ["61881"], "colours": ["blue"], "sizes": ["L", "M"], "amounts": ["120 TWD"]}),
 ("zh-Hant", "想買五件T恤，寄到香港要多久？4月20日前要收到。",
  {"quantities": ["5"], "countries": ["HK"], "dates": ["2026-04-20"]}),
 ("et", "Tere! Tellimus 60991 jõudis kohale, aga üks tass oli katki. Maksin 24,90 eurot. Jälgimiskood CC123456785EE.",
  {"order_numbers": ["60991"], "amounts": ["24.90 EUR"], "tracking_numbers": ["CC123456785EE"]}),
 ("et", "Minu pikkus on 175 cm ja kaal 70 kg. Millist suurust soovitate, M või L? Vajan seda reedeks.",
  {"measurements": ["175 cm", "70 kg"], "sizes": ["M", "L"], "dates": ["2026-04-17"]}),
 ("lv", "Labdien! Pasūtījums 80991, nopirku 2 krūzes par 18 eiro, bet viena ir saplīsusi. Izsekošanas numurs RR123456785LV.",
  {"order_numbers": ["80991"], "quantities": ["2"], "amounts": ["18 EUR"], "tracking_numbers": ["RR123456785LV"]}),
 ("lv", "Augums 180 cm, svars 78 kg. Kāds izmērs man derēs? Vai varat nosūtīt uz Igauniju līdz 22. aprīlim?",
  {"measurements": ["180 cm", "78 kg"], "countries": ["EE"], "dates": ["2026-04-22"]}),
]


def _keys(name, facts):
    out = []
    for f in facts:
        if name == "measurements":
            out.append(f"{Decimal(f.value).normalize():f} {f.get('unit')}")
        elif name == "amounts":
            out.append(f"{f.value} {f.kind}")
        else:
            out.append(f.value)
    return sorted(out)


@pytest.mark.parametrize("language,text,expected", CASES)
def test_fresh_emails(language, text, expected):
    facts = extract_facts(text, received=R, language=language)
    for name in facts.FIELDS:
        assert _keys(name, getattr(facts, name)) == sorted(expected.get(name, [])), name
