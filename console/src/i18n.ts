import { ERROR_TEXTS } from './i18n-errors';

export type Lang = 'kk' | 'ru';
export const LANGS: Lang[] = ['kk', 'ru'];
export const DEFAULT_LANG: Lang = 'kk';

type Entry = Record<Lang, string>;

/** Every text the console shows; `{name}` marks a value filled in by translate(). */
const TEXTS = {
  appName: { kk: 'Qyzmet Hub', ru: 'Qyzmet Hub' },
  appTagline: { kk: 'Мемлекеттік қызметтер алмасу хабы', ru: 'Хаб обмена по государственным услугам' },
  loading: { kk: 'Жүктелуде…', ru: 'Загрузка…' },
  configFailed: { kk: 'Консоль баптауларын жүктеу мүмкін болмады', ru: 'Не удалось загрузить настройки консоли' },
  retry: { kk: 'Қайталау', ru: 'Повторить' },

  // header
  navBoard: { kk: 'Байланыс орталығы', ru: 'Контакт-центр' },
  navWorkstation: { kk: 'Жұмыс орны (АРМ)', ru: 'Рабочее место (АРМ)' },
  navReports: { kk: 'Есептер', ru: 'Отчёты' },
  signOut: { kk: 'Шығу', ru: 'Выйти' },
  language: { kk: 'Тіл', ru: 'Язык' },
  mainNav: { kk: 'Негізгі мәзір', ru: 'Главное меню' },

  // roles
  role_provider: { kk: 'Қызмет беруші', ru: 'Услугодатель' },
  role_contact_centre: { kk: 'Бірыңғай байланыс орталығы', ru: 'Единый контакт-центр' },
  role_analyst: { kk: 'Талдаушы', ru: 'Аналитик' },
  role_admin: { kk: 'Әкімші', ru: 'Администратор' },
  role_operator: { kk: 'Оператор', ru: 'Оператор' },
  role_citizen: { kk: 'Азамат', ru: 'Гражданин' },
  role_partner: { kk: 'Серіктес', ru: 'Партнёр' },
  workstationMark: { kk: 'АРМ', ru: 'АРМ' },

  // sign-in
  signInTitle: { kk: 'Жүйеге кіру', ru: 'Вход в систему' },
  demoIdentity: { kk: 'Демо-пайдаланушы', ru: 'Демо-пользователь' },
  demoHint: { kk: 'Сынақ стенді: рөлді таңдап, кіріңіз.', ru: 'Тестовый стенд: выберите роль и войдите.' },
  signIn: { kk: 'Кіру', ru: 'Войти' },
  tokenLabel: { kk: 'Сәйкестендіру провайдерінің токені (JWT)', ru: 'Токен провайдера идентификации (JWT)' },
  tokenHint: { kk: 'Токенді осында қойыңыз.', ru: 'Вставьте токен сюда.' },
  signInToken: { kk: 'Токенмен кіру', ru: 'Войти по токену' },
  notAJwt: { kk: 'Бұл JWT емес: нүктемен бөлінген үш бөлік (header.payload.signature) күтіледі.', ru: 'Это не JWT: ожидаются три части через точку (header.payload.signature).' },
  jwtNoRole: { kk: 'Токенде белгілі рөл (role) жоқ.', ru: 'В токене нет известной роли (role).' },
  jwtExpired: { kk: 'Токеннің мерзімі өтіп кеткен.', ru: 'Срок действия токена истёк.' },
  sessionEnded: { kk: 'Сессия аяқталды немесе токен қабылданбады. Қайта кіріңіз.', ru: 'Сессия завершена или токен отклонён. Войдите снова.' },
  orToken: { kk: 'немесе', ru: 'или' },

  // common
  noAccess: { kk: 'Бұл бет сіздің рөліңізге қолжетімсіз.', ru: 'Эта страница недоступна для вашей роли.' },
  all: { kk: 'Барлығы', ru: 'Все' },
  choose: { kk: '— таңдаңыз —', ru: '— выберите —' },
  overdueDays: { kk: 'Мерзімі {days} күнге өтті', ru: 'Просрочено на {days} дн.' },
  overdue: { kk: 'Мерзімі өткен', ru: 'Просрочено' },
  onTime: { kk: 'Мерзімінде', ru: 'В срок' },
  outcome_ISSUED: { kk: 'Берілді', ru: 'Выдано' },
  outcome_REFUSED: { kk: 'Бас тартылды', ru: 'Отказано' },
  refresh: { kk: 'Жаңарту', ru: 'Обновить' },
  nothing: { kk: '—', ru: '—' },

  // live status
  live_connecting: { kk: 'Қосылуда…', ru: 'Подключение…' },
  live_live: { kk: 'Тікелей эфир', ru: 'В реальном времени' },
  live_reconnecting: { kk: 'Қайта қосылуда…', ru: 'Переподключение…' },

  // board
  boardTitle: { kk: 'Өтінімдер кезеңдерінің ағыны', ru: 'Лента этапов заявок' },
  filterService: { kk: 'Қызмет', ru: 'Услуга' },
  filterProvider: { kk: 'Қызмет беруші', ru: 'Услугодатель' },
  filterOverdue: { kk: 'Тек мерзімі өткендер', ru: 'Только просроченные' },
  feedEmpty: { kk: 'Әзірге оқиға жоқ. Жаңа кезеңдер осында бірден пайда болады.', ru: 'Событий пока нет. Новые этапы появятся здесь сразу.' },
  feedHidden: { kk: 'Сүзгіге сай оқиға жоқ ({count} жасырылды).', ru: 'Нет событий под фильтр (скрыто: {count}).' },
  searchTitle: { kk: 'Өтінімді іздеу', ru: 'Поиск заявки' },
  searchLabel: { kk: 'ЖСН/БСН (12 сан) немесе өтінім нөмірі', ru: 'ИИН/БИН (12 цифр) или номер заявки' },
  searchSubmit: { kk: 'Іздеу', ru: 'Найти' },
  searchEmpty: { kk: 'Ештеңе табылмады.', ru: 'Ничего не найдено.' },
  searchCount: { kk: 'Табылды: {count}', ru: 'Найдено: {count}' },

  // application fields
  applicationTitle: { kk: '№ {number} өтінім', ru: 'Заявка № {number}' },
  backToBoard: { kk: '← Тақтаға оралу', ru: '← Назад к ленте' },
  fRecipient: { kk: 'Қызмет алушы', ru: 'Услугополучатель' },
  fIinOrBin: { kk: 'ЖСН/БСН', ru: 'ИИН/БИН' },
  fService: { kk: 'Қызмет', ru: 'Услуга' },
  fPlaceOfAcceptance: { kk: 'Қабылданған орны', ru: 'Место приёма' },
  fAcceptedAt: { kk: 'Қабылданған күні', ru: 'Дата приёма' },
  fExecutor: { kk: 'Орындаушы', ru: 'Исполнитель' },
  fPlannedDate: { kk: 'Жоспарлы орындалу күні', ru: 'Плановая дата исполнения' },
  fExecutionDate: { kk: 'Орындалған күні', ru: 'Дата исполнения' },
  fCurrentStage: { kk: 'Ағымдағы кезең', ru: 'Текущий этап' },
  fOutcome: { kk: 'Нәтиже', ru: 'Результат' },
  fRefusalReason: { kk: 'Бас тарту себебі', ru: 'Причина отказа' },
  fProvider: { kk: 'Қызмет беруші', ru: 'Услугодатель' },
  fNumber: { kk: 'Нөмірі', ru: 'Номер' },
  termDays: { kk: '{days} {kind}', ru: '{days} {kind}' },
  term_WORKING_DAYS: { kk: 'жұмыс күні', ru: 'раб. дн.' },
  term_CALENDAR_DAYS: { kk: 'күнтізбелік күн', ru: 'календ. дн.' },
  notFound: { kk: 'Өтінім табылмады немесе оны көруге рұқсат жоқ.', ru: 'Заявка не найдена или нет доступа.' },

  // timeline
  timelineTitle: { kk: 'Кезеңдер тарихы', ru: 'История этапов' },
  timelineEmpty: { kk: 'Кезеңдер жоқ.', ru: 'Этапов нет.' },
  occurredAt: { kk: 'Болған уақыты', ru: 'Время события' },
  receivedAt: { kk: 'Хабқа түскені', ru: 'Получено хабом' },
  signedBy: { kk: 'Қол қойған', ru: 'Подписал' },
  sigIin: { kk: 'ЖСН', ru: 'ИИН' },
  verdict_VALID: { kk: 'ЭЦҚ жарамды', ru: 'ЭЦП действительна' },
  verdict_NOT_VERIFIED: { kk: 'ЭЦҚ тексерілмеген', ru: 'ЭЦП не проверялась' },

  // workstation
  workstationTitle: { kk: 'Қызмет берушінің жұмыс орны', ru: 'Рабочее место услугодателя' },
  registerTitle: { kk: 'Жаңа өтінімді тіркеу', ru: 'Регистрация новой заявки' },
  fApplicationNumber: { kk: 'Өтінім нөмірі', ru: 'Номер заявки' },
  fSurname: { kk: 'Тегі', ru: 'Фамилия' },
  fName: { kk: 'Аты', ru: 'Имя' },
  fPatronymic: { kk: 'Әкесінің аты (болса)', ru: 'Отчество (при наличии)' },
  fServiceCode: { kk: 'Қызмет', ru: 'Услуга' },
  fDeclaredPlannedDate: { kk: 'Жоспарлы күн (міндетті емес)', ru: 'Плановая дата (необязательно)' },
  plannedDateHint: { kk: 'Хаб нормативтік мерзімді стандарт бойынша өзі есептейді.', ru: 'Нормативный срок хаб рассчитывает сам по стандарту услуги.' },
  optional: { kk: 'міндетті емес', ru: 'необязательно' },
  registerSubmit: { kk: 'Қол қойып, тіркеу', ru: 'Подписать и зарегистрировать' },
  signing: { kk: 'ЭЦҚ-мен қол қойылуда…', ru: 'Подписание ЭЦП…' },
  sending: { kk: 'Жіберілуде…', ru: 'Отправка…' },
  signedByCert: { kk: 'Қол қойған сертификат: {name}', ru: 'Подписано сертификатом: {name}' },
  registered: { kk: '№ {number} өтінім тіркелді.', ru: 'Заявка № {number} зарегистрирована.' },
  recorded: { kk: '«{stage}» кезеңі тіркелді.', ru: 'Этап «{stage}» записан.' },
  duplicate: { kk: 'Бұл хабарлама бұрын қабылданған.', ru: 'Это сообщение уже было принято ранее.' },
  worklistTitle: { kk: 'Жұмыстағы өтінімдер', ru: 'Заявки в работе' },
  showClosed: { kk: 'Жабылғандарын да көрсету', ru: 'Показывать и закрытые' },
  worklistEmpty: { kk: 'Ашық өтінімдер жоқ.', ru: 'Открытых заявок нет.' },
  panelEmpty: { kk: 'Тізімнен өтінімді таңдаңыз.', ru: 'Выберите заявку в списке.' },
  nextStepTitle: { kk: 'Келесі қадам', ru: 'Следующий шаг' },
  refuseTitle: { kk: 'Қызмет көрсетуден бас тарту', ru: 'Отказ в оказании услуги' },
  closeIssued: { kk: 'Берілді деп жабу', ru: 'Закрыть: выдано' },
  closeRefused: { kk: 'Бас тартып жабу', ru: 'Закрыть: отказано' },
  closedNote: { kk: 'Өтінім жабылды: {outcome}.', ru: 'Заявка закрыта: {outcome}.' },
  stageOccurredAt: { kk: 'Кезең уақыты', ru: 'Время этапа' },

  // reports
  reportsTitle: { kk: 'Мерзімдерді бұзу туралы айлық есеп', ru: 'Ежемесячный отчёт о нарушениях сроков' },
  reportMonth: { kk: 'Ай', ru: 'Месяц' },
  reportLoad: { kk: 'Көрсету', ru: 'Показать' },
  reportGenerate: { kk: 'Жаңа нұсқасын қалыптастыру', ru: 'Сформировать новую версию' },
  reportGenerating: { kk: 'Қалыптастырылуда…', ru: 'Формируется…' },
  reportEmpty: { kk: 'Бұл айға есеп әлі қалыптастырылмаған.', ru: 'Отчёт за этот месяц ещё не сформирован.' },
  reportMeta: { kk: '{month} есебі, {version}-нұсқа ({trigger}), қалыптастырылған уақыты: {at}', ru: 'Отчёт за {month}, версия {version} ({trigger}), сформирован {at}' },
  trigger_SCHEDULED: { kk: 'кесте бойынша', ru: 'по расписанию' },
  trigger_ON_DEMAND: { kk: 'сұрау бойынша', ru: 'по запросу' },
  downloadXlsx: { kk: 'XLSX жүктеу', ru: 'Скачать XLSX' },
  downloadCsv: { kk: 'CSV жүктеу', ru: 'Скачать CSV' },
  colProvider: { kk: 'Қызмет беруші', ru: 'Услугодатель' },
  colService: { kk: 'Қызмет', ru: 'Услуга' },
  colRequests: { kk: 'Өтінімдер', ru: 'Заявок' },
  colClosedLate: { kk: 'Кешігіп орындалған', ru: 'Исполнено с опозданием' },
  colOpenOverdue: { kk: 'Ай соңында мерзімі өткен ашық', ru: 'Открыто с просрочкой на конец месяца' },
  colViolations: { kk: 'Бұзушылықтар', ru: 'Нарушений' },
  colTechnical: { kk: 'Оның ішінде техникалық', ru: 'Из них технических' },
  colViolationDays: { kk: 'Бұзушылық күндері', ru: 'Дней нарушения' },
  colAverageDays: { kk: 'Орташа күн', ru: 'В среднем дней' },
  subtotal: { kk: 'Барлығы: {name}', ru: 'Итого: {name}' },
  total: { kk: 'Жалпы жиыны', ru: 'Всего' },
  chartTitle: { kk: 'Қызметтер бойынша бұзушылықтар', ru: 'Нарушения по услугам' },
  chartOther: { kk: 'Бұзушылықтар (техникалықтан басқа)', ru: 'Нарушения (кроме технических)' },
  chartTechnical: { kk: 'Техникалық себептер', ru: 'Технические причины' },
  chartNone: { kk: 'Бұзушылықтар жоқ.', ru: 'Нарушений нет.' },
} satisfies Record<string, Entry>;

const WITH_DETAIL = new Set(['NCALAYER_ERROR', 'INVALID_ARGUMENT', 'FORBIDDEN']);

export type TextKey = keyof typeof TEXTS;

export function translate(lang: Lang, key: TextKey, vars?: Record<string, string | number>): string {
  const text = TEXTS[key][lang];
  return vars ? text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole)) : text;
}

/** The localised text for an API error code; unknown codes show the API's own message. */
export function errorText(lang: Lang, code: string | undefined, message: string): string {
  const entry = code ? ERROR_TEXTS[code] : undefined;
  // for these the API's message is the useful part (what NCALayer said, which argument)
  if (entry && code && WITH_DETAIL.has(code) && message) return `${entry[lang]} ${message}`;
  if (entry) return entry[lang];
  return `${ERROR_TEXTS.GENERIC[lang]}: ${message}`;
}

export function roleText(lang: Lang, role: string): string {
  const key = `role_${role}` as TextKey;
  return key in TEXTS ? translate(lang, key) : role;
}

export function isLang(value: unknown): value is Lang {
  return value === 'kk' || value === 'ru';
}
