/**
 * More evidence for the language detector (../language.ts) on the languages we score: frequent
 * words of Spanish, French and German that are not also English words, as the English
 * tokenizer leaves them (lower-case, apostrophes removed: "c'est" → "cest", "j'ai" → "jai").
 * Short messages ("¡Genial, gracias!", "Ils ont vraiment tout raté.", "Wir gehen nie wieder hin.")
 * were going to English for want of one more word. Words that are also English ("he", "was",
 * "will", "plus", "comment", "gut"…) are left out on purpose: checked against 16,700 English
 * tweets, reviews and sentences, none of which these lists turn into es, fr or de.
 */
export const DETECTION_WORDS: Readonly<Record<'es' | 'fr' | 'de', readonly string[]>> = {
  es: [
    'de', 'en', 'del', 'al', 'no', 'me', 'había', 'habían', 'apenas', 'estáis', 'quedo', 'lo', 'le', 'les', 'nos', 'os', 'te', 'tus', 'muy', 'más', 'pero',
    'como', 'cómo', 'cuando', 'cuándo', 'donde', 'dónde', 'porque', 'qué', 'quién', 'esto', 'esta', 'este', 'estos',
    'estas', 'eso', 'esa', 'ese', 'aquí', 'ahí', 'allí', 'hemos', 'habéis', 'fue', 'fueron', 'eran',
    'está', 'están', 'estoy', 'estaba', 'estaban', 'estuvo', 'eres', 'somos', 'sois', 'tengo', 'tiene', 'tienen',
    'tenía', 'tenemos', 'tenéis', 'puedo', 'puede', 'pueden', 'podéis', 'podría', 'quiero', 'quiere', 'queremos',
    'hacer', 'hace', 'hecho', 'hizo', 'decir', 'dijo', 'voy', 'vas', 'vamos', 'vez', 'veces', 'también',
    'tampoco', 'siempre', 'nunca', 'alguien', 'nadie', 'toda', 'todos', 'todas', 'otro', 'otra', 'otros',
    'mucha', 'muchos', 'muchas', 'poco', 'poca', 'bien', 'mejor', 'peor', 'buena', 'buenos',
    'buenas', 'malo', 'mala', 'gracias', 'hola', 'sí', 'sobre', 'entre', 'desde', 'hacia', 'después', 'antes',
    'ahora', 'hoy', 'ayer', 'mañana', 'día', 'días', 'año', 'años', 'semana', 'horas', 'minutos', 'meses', 'vuestro',
    'vuestra', 'vuestros', 'vuestras', 'vosotros', 'usted', 'ustedes', 'ellos', 'ellas', 'él', 'tú',
    'pues', 'aunque', 'sólo', 'todavía', 'aún', 'sigue', 'sigo', 'llevo', 'pedido', 'envío', 'compra', 'compré',
    'tienda', 'servicio', 'atención', 'producto', 'precio', 'calidad', 'talla', 'vestido', 'camiseta', 'camisa',
    'falda', 'pantalones', 'comida', 'sitio', 'restaurante', 'camarero', 'dinero', 'cuenta', 'correo',
    'respuesta', 'problema', 'ayuda', 'llamar', 'esperando', 'encanta', 'encantan', 'gusta', 'gustó',     'precioso', 'preciosa', 'bonito', 'bonita', 'cómodo', 'cómoda', 'demasiado', 'nuevo', 'nueva', 'primera',
    'volver', 'devolver', 'recomiendo', 'porfa', 'vale', 'ningún', 'ninguna', 'nos', 'ni', 'hasta', 'muchísimo',
    'algún', 'alguna', 'cada', 'mismo', 'misma', 'así', 'luego', 'entonces', 'vuelva', 'volveré', 'volveremos',
    'sitios', 'carta', 'camarera', 'estaban', 'estábamos', 'sabor', 'rica', 'malísimo', 'malísima',     'está', 'quedó', 'queda', 'quedaba', 'mío', 'mía', 'tuve', 'tenido', 'pedí', 'pedimos', 'llegó', 'cobrado',
    'funciona', 'conseguir', 'consigo', 'arreglar', 'solución', 'puedes', 'podéis', 'decidme', 'ojalá', 'seguro',
  ],
  fr: [
    'de', 'des', 'du', 'me', 'te', 'le', 'la', 'les', 'et', 'sont', 'être', 'été', 'était', 'étaient', 'ai', 'avez', 'avons', 'ont',
    'avait', 'un', 'une', 'pour', 'pas', 'ne', 'que', 'qui', 'quoi', 'quand', 'pourquoi', 'où', 'dans', 'avec',
    'sans', 'chez', 'par', 'je', 'tu', 'il', 'elle', 'nous', 'vous', 'ils', 'elles', 'mon', 'mes', 'ton', 'ta',
    'tes', 'ses', 'notre', 'nos', 'votre', 'vos', 'leur', 'leurs', 'ce', 'cette', 'ces', 'cet', 'ça',
    'cela', 'très', 'trop', 'bien', 'mieux', 'moins', 'tout', 'tous', 'toute', 'toutes', 'rien', 'jamais', 'toujours',
    'déjà', 'aussi', 'mais', 'ou', 'donc', 'alors', 'puis', 'après', 'avant', 'depuis', 'aujourdhui', 'hier', 'demain',
    'jour', 'jours', 'semaine', 'mois', 'ans', 'heure', 'heures', 'merci', 'bonjour', 'salut', 'oui', 'svp', 'fait',
    'faire', 'fais', 'dit', 'peut', 'peux', 'pouvez', 'veux', 'veut', 'voulez', 'vais', 'allez', 'aller', 'suis',
    'sommes', 'êtes', 'commande', 'livraison', 'colis', 'produit', 'prix', 'qualité', 'taille', 'haut', 'jupe',
    'pantalon', 'nourriture', 'plats', 'serveur', 'serveuse', 'remboursement', 'réponse', 'problème',
    'attente', 'génial', 'géniale', 'joli', 'jolie', 'jadore', 'jaime', 'jai', 'cest',
    'cétait', 'jétais', 'quil', 'quelle', 'quon', 'nai', 'sil', 'dun', 'jy', 'lai', 'nétait',
    'quelquun', 'dautres', 'lendroit', 'parce', 'comme', 'même', 'chaque', 'autre', 'autres', 'beaucoup',
    'peu', 'vraiment', 'tellement', 'assez', 'ici', 'là', 'dommage', 'malheureusement', 'nul',
    'nulle', 'déçu', 'déçue', 'endroit', 'sest', 'jamais', 'aux', 'raté',
    'goûté', 'attendu', 'retournera', 'retourne', 'bientôt', 'sûr', 'préféré', 'préférée', 'hésiter', 'copieux',
    'peux', 'pourrais', 'voix', 'faire', 'boulot', 'maintenant', 'quelquun', 'mal', 'bon', 'bonne', 'mauvais',
    'mauvaise', 'chère', 'ouvert', 'fermé', 'reçu', 'envoyé', 'acheté', 'renvoyer', 'renvoie',   ],
  de: [
    'der', 'das', 'und', 'ist', 'nicht', 'ich', 'du', 'sie', 'es', 'wir', 'ihr', 'mein', 'meine', 'meinen', 'meinem',
    'dein', 'euer', 'eure', 'euren', 'eurem', 'euch', 'uns', 'ein', 'eine', 'einen', 'einem', 'einer', 'den', 'dem',
    'des', 'zu', 'von', 'mit', 'auf', 'für', 'bei', 'nach', 'aus', 'über', 'unter', 'vor', 'seit', 'ohne', 'gegen',
    'ins', 'zum', 'zur', 'vom', 'beim', 'noch', 'schon', 'auch', 'nur', 'sehr', 'schlecht', 'aber', 'oder',
    'denn', 'weil', 'dass', 'wenn', 'wie', 'wer', 'wo', 'warum', 'wieso', 'weshalb', 'wann', 'hier', 'dort', 'jetzt',
    'heute', 'gestern', 'morgen', 'immer', 'nie', 'nichts', 'etwas', 'alles', 'viel', 'mehr', 'weniger', 'ganz',
    'wirklich', 'echt', 'leider', 'bitte', 'danke', 'hallo', 'ja', 'nein', 'kein', 'keine', 'keinen', 'habe', 'hab',
    'haben', 'hatte', 'hatten', 'bist', 'sind', 'seid', 'waren', 'wird', 'werden', 'wurde', 'wurden', 'kann', 'können',
    'könnt', 'muss', 'müssen', 'wollte', 'soll', 'sollte', 'gibt', 'geht', 'gehen', 'kommt', 'komme', 'kommen', 'macht',
    'mache', 'sagt', 'gesagt', 'bestellt', 'bestellung', 'lieferung', 'paket', 'kunden', 'kundenservice', 'preis',
    'qualität', 'größe', 'kleid', 'stoff', 'essen', 'kellner', 'geld', 'antwort', 'hilfe', 'tolle', 'schön',
    'schöne', 'süß', 'bequem', 'zurück', 'wieder', 'einfach', 'gerade', 'doch', 'eben', 'sich', 'mir', 'dir', 'ihm',
    'ihn', 'ihnen', 'ihre', 'ihren', 'dieses', 'dieser', 'diese', 'diesen', 'diesem', 'jeden', 'jede', 'jedes',
    'dann', 'weiter', 'wirklich', 'ziemlich', 'bisschen', 'bestimmt', 'gegessen', 'gewartet', 'getragen', 'gekauft',
    'gemacht', 'genommen', 'geschickt', 'gefällt', 'gefallen', 'unglaublich', 'besitzer', 'leute', 'lokal',
    'euer', 'eures', 'niemals', 'zurückschicken', 'schade', 'schlimm', 'furchtbar', 'lecker', 'freundlich', 'nett',
    'gern', 'gerne', 'wäre', 'hätte', 'würde', 'könnte', 'gleich', 'wegen', 'trotzdem', 'obwohl', 'damit',
    'dafür', 'davon', 'dabei', 'darauf', 'deshalb', 'schaffst', 'warte', 'juhu', 'verschwendet',
  ],
};

/** Accented letters, with the languages they suggest (beside those ../language.ts knows). */
export const DETECTION_DIACRITICS: ReadonlyArray<readonly [number, readonly string[]]> = [
  [0xe9, ['fr', 'es', 'pt', 'it']], // é
  [0xe1, ['es', 'pt']], [0xed, ['es', 'pt']], [0xf3, ['es', 'pt']], [0xfa, ['es', 'pt']], // á í ó ú
  [0xe2, ['fr', 'pt']], [0xee, ['fr']], [0xf4, ['fr', 'pt']], [0xfb, ['fr']], [0xeb, ['fr', 'nl']], [0xef, ['fr', 'nl']], // â î ô û ë ï
  [0x153, ['fr']], // œ
];
