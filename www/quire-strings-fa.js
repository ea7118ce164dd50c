/**
 * The words of `<quire-search>` in Persian, loaded when the widget's language is Persian
 * (`<html lang="fa" dir="rtl">`, or `lang="fa"` on the element). Numbers are written in
 * Persian digits; dates keep the Gregorian calendar of the archive (its entries, its timeline
 * and its date filter are Gregorian), with Persian month names. Keys left out fall back to
 * English (see `quire-strings.js`).
 *
 * Query examples stay in the query language: its operators (`OR`, `title:`) and quotation
 * marks are typed as they are.
 * @module quire-strings-fa
 */

export default {
  locale: 'fa',
  calendar: 'gregory',
  quote: '«{text}»',

  label: 'جست‌وجو در آرشیو',
  placeholder: 'یک نام، یک واژه یا "یک عبارت"',
  slashTitle: 'برای جست‌وجو / یا Ctrl K را بزنید',
  keys: 'نتیجه‌ها هم‌زمان با نوشتن نمایان می‌شوند. با کلیدهای پیکان بالا و پایین میان آن‌ها جابه‌جا شوید، با Enter یکی را باز کنید و با Escape جست‌وجو را پاک کنید.',
  tipsTitle: 'راهنمای جست‌وجو',
  tips: [
    ['zarif shargh', 'مقاله‌هایی که هر دو واژه را دارند'],
    ['"supreme leader"', 'درست همین عبارت'],
    ['talks OR negotiations', 'یکی از دو واژه'],
    ['-kayhan', 'کنار گذاشتن مقاله‌هایی که این واژه را دارند'],
    ['title:khamenei', 'واژه در عنوان'],
    ['outlet:shargh', 'مقداری از یک فیلتر: رسانه، شخص، موضوع، نوع…'],
  ],
  tipsTyping: 'واژهٔ آخر هم‌زمان با نوشتن جست‌وجو می‌شود: {code:khame} خامنه‌ای را پیدا می‌کند. در هر جای صفحه با {kbd:/} یا {kbd:Ctrl K} به کادر جست‌وجو بروید.',

  idle: 'برای جست‌وجو یا مرور همهٔ آرشیو، کادر را برگزینید.',
  loading: 'در حال بارگیری نمایهٔ آرشیو…',
  results: { other: '{n} نتیجه' },
  articles: { other: '{n} مقاله' },
  entries: { other: '{n} مدخل' },
  entriesIn: '{entries} در {articles}',
  forQuery: '{count} برای {query}',
  inArchive: '{count} در آرشیو',
  newestFirst: '{text}، تازه‌ترین‌ها نخست',
  oldestFirst: '{text}، قدیمی‌ترین‌ها نخست',
  noneForQuery: 'برای {query} نتیجه‌ای پیدا نشد',
  noneContain: 'برای {query} نتیجه‌ای پیدا نشد: هیچ مقاله‌ای {words} را ندارد.',
  noneMatch: 'مقاله‌ای با این فیلترها پیدا نشد',
  partial: 'هیچ مقاله‌ای {words} را ندارد؛ {count} برای دیگر واژه‌ها.',
  readAs: '{text} (به‌صورت {query})',
  truncated: '{text} تنها واژه‌های نخستِ این جست‌وجوی بلند به کار رفت.',
  separator: ' · ',
  filter: '{label}: {values}',
  suggest: 'منظورتان {suggestion} بود؟',

  since: 'از {date}',
  until: 'تا {date}',
  dateRange: '{from} تا {to}',
  yearRange: '{from} تا {to}',

  chipsLabel: 'فیلترهای فعال',
  removeChip: 'برداشتن {filter}',
  clearAll: 'پاک کردن همه',

  resultsLabel: 'نتیجه‌های جست‌وجو',
  entriesOf: 'مدخل‌های مرتبطِ {title}',
  outlet: 'رسانه',
  outlets: 'رسانه‌ها',
  leaning: 'گرایش',
  leanings: 'گرایش‌ها',
  names: 'نام‌ها',
  role: 'سمت',
  roles: 'سمت‌ها',
  personRole: '{name} ({role})',
  more: 'نتیجه‌های بیشتر',

  nothing: 'در آرشیو چیزی پیدا نشد.',
  checkSpelling: { one: 'املای {words} را بررسی کنید یا آن را کنار بگذارید.', other: 'املای {words} را بررسی کنید یا آن‌ها را کنار بگذارید.' },
  fewerWords: 'واژه‌های کمتر یا شکل کوتاه‌تری از یک واژه را بیازمایید: واژهٔ آخر هم‌زمان با نوشتن جست‌وجو می‌شود.',
  clearFilters: 'پاک کردن همهٔ فیلترها',
  details: 'جزئیات فنی',
  failMissing: 'نمایهٔ جست‌وجوی این آرشیو پیدا نشد.',
  failMissingAdvice: 'جست‌وجو در این نشانی راه‌اندازی نشده است. اگر گردانندهٔ این وب‌سایت هستید، نمایه را با «quire build» بسازید و پوشهٔ آن را بارگذاری کنید.',
  failCorrupt: 'نمایهٔ جست‌وجوی این آرشیو آسیب دیده است.',
  failCorruptAdvice: 'یکی از پرونده‌های آن ناقص است یا در راه دگرگون شده است. اگر گردانندهٔ این وب‌سایت هستید، نمایه را دوباره بسازید و همهٔ پرونده‌ها را از نو بارگذاری کنید.',
  failVersion: 'نمایهٔ جست‌وجوی این آرشیو با نسخهٔ دیگری از Quire ساخته شده است.',
  failVersionAdvice: 'نمایه و کد جست‌وجوی این صفحه با هم سازگار نیستند. اگر گردانندهٔ این وب‌سایت هستید، نمایه را با همان نسخه‌ای از Quire بسازید که کد جست‌وجوی این صفحه از آن است.',
  failNetwork: 'نمایهٔ جست‌وجوی این آرشیو بارگیری نشد.',
  failNetworkAdvice: 'اتصال خود را بررسی کنید و سپس صفحه را دوباره بارگیری کنید.',
  failEngine: 'جست‌وجو در این مرورگر راه نیفتاد.',
  failEngineAdvice: 'موتور جست‌وجو بارگیری نشد. صفحه را دوباره بارگیری کنید یا مرورگری به‌روز را بیازمایید.',
  failQuery: 'این جست‌وجو انجام نشد: تاریخ‌ها معتبر نیستند.',
  failQueryAdvice: 'در کادرهای «از» و «تا» سال، یا سال و ماه را بنویسید.',

  sort: 'ترتیب',
  sortRelevance: 'مرتبط‌ترین',
  sortNewest: 'تازه‌ترین',
  sortOldest: 'قدیمی‌ترین',
  filters: 'فیلترها',
  filtersCount: 'فیلترها ({n})',
  close: 'بستن',
  showResults: { other: 'نمایش {n} نتیجه' },
  showEntries: { other: 'نمایش {n} مدخل' },
  date: 'تاریخ',
  from: 'از',
  to: 'تا',
  datePlaceholder: 'سال-ماه',
  // The examples are isolated left to right (U+2066 … U+2069), so that 2024-05 is not shown as 05-2024.
  dateHint: 'سال (2024) یا سال و ماه (\u20662024-05\u2069)',
  dateInvalid: 'سال (2024) یا سال و ماه (\u20662024-05\u2069) را بنویسید.',
  showMore: '{n} مورد دیگر',
  showFewer: 'نمایش کمتر',

  byMonth: 'نتیجه‌ها به تفکیک ماه',
  byYear: 'نتیجه‌ها به تفکیک سال',
  allDates: 'همهٔ تاریخ‌ها',
  timelineKeys: 'با کلیدهای پیکان چپ و راست میان ماه‌ها جابه‌جا شوید؛ Enter نتیجه‌های یک ماه را نشان می‌دهد و بار دیگر، نتیجه‌های همهٔ تاریخ‌ها را.',
  periodCount: '{period}: {count}',
  span: '{from} تا {to}',
  splitArticles: 'مقاله‌ها به تفکیک {label}',
  splitEntries: 'مدخل‌ها به تفکیک {label}',
  splitHint: 'یکی را برگزینید تا تنها نتیجه‌های آن نمایش داده شود؛ با گزینش دوباره، همه نمایش داده می‌شوند.',

  // The sample index's facets and values (quire.toml of examples/iran-media-review).
  facetLabels: {
    kind: 'نوع',
    outlet: 'رسانه',
    leaning: 'گرایش',
    person: 'شخص',
    role: 'سمت',
    series: 'مجموعه',
    author: 'نویسنده',
    tags: 'موضوع',
    year: 'سال',
    language: 'زبان',
  },
  values: {
    kind: { Analysis: 'تحلیل', Event: 'رویداد' },
    leaning: {
      reformist: 'اصلاح‌طلب',
      centrist: 'میانه‌رو',
      technocratic: 'تکنوکرات',
      principlist: 'اصولگرا',
      'state-controlled': 'حکومتی',
      'independent/foreign': 'مستقل/خارجی',
    },
  },
};
