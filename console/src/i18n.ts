import i18next, { TFunction } from 'i18next';
import { ERROR_TEXTS } from './i18n-errors';

export type Lang = 'kk' | 'ru' | 'en';
export const LANGS: Lang[] = ['kk', 'ru', 'en'];
export const DEFAULT_LANG: Lang = 'kk';
/** The locale each language formats dates and numbers in. */
export const LOCALES: Record<Lang, string> = { kk: 'kk-KZ', ru: 'ru-RU', en: 'en-GB' };

type Entry = Record<Lang, string>;

/** Every text the console shows; `{name}` marks a value filled in by translate(). */
const TEXTS = {
  appName: {kk: 'Qyzmet Hub', ru: 'Qyzmet Hub', en: 'Qyzmet Hub' },
  appTagline: {kk: 'Мемлекеттік қызметтер алмасу хабы', ru: 'Хаб обмена по государственным услугам', en: 'Public services exchange hub' },
  loading: {kk: 'Жүктелуде…', ru: 'Загрузка…', en: 'Loading…' },
  configFailed: {kk: 'Консоль баптауларын жүктеу мүмкін болмады', ru: 'Не удалось загрузить настройки консоли', en: 'Could not load the console settings' },
  retry: {kk: 'Қайталау', ru: 'Повторить', en: 'Retry' },

  // header
  navBoard: {kk: 'Байланыс орталығы', ru: 'Контакт-центр', en: 'Contact centre' },
  navWorkstation: {kk: 'Жұмыс орны (АРМ)', ru: 'Рабочее место (АРМ)', en: 'Workstation (АРМ)' },
  navOperator: { kk: 'Өтінім қабылдау', ru: 'Приём заявлений', en: 'Applications desk' },
  navCabinet: { kk: 'Жеке кабинет', ru: 'Личный кабинет', en: 'My cabinet' },
  navAdmin: { kk: 'Әкімшілік', ru: 'Администрирование', en: 'Administration' },
  navProvider: { kk: 'Менің өтінімдерім', ru: 'Мои заявки', en: 'My requests' },
  navReports: {kk: 'Есептер', ru: 'Отчёты', en: 'Reports' },
  signOut: {kk: 'Шығу', ru: 'Выйти', en: 'Sign out' },
  language: {kk: 'Тіл', ru: 'Язык', en: 'Language' },
  mainNav: {kk: 'Негізгі мәзір', ru: 'Главное меню', en: 'Main menu' },

  // roles
  role_provider: {kk: 'Қызмет беруші', ru: 'Услугодатель', en: 'Service provider' },
  role_contact_centre: {kk: 'Бірыңғай байланыс орталығы', ru: 'Единый контакт-центр', en: 'Unified contact centre' },
  role_analyst: {kk: 'Талдаушы', ru: 'Аналитик', en: 'Analyst' },
  role_admin: {kk: 'Әкімші', ru: 'Администратор', en: 'Administrator' },
  role_operator: {kk: 'Оператор', ru: 'Оператор', en: 'Operator' },
  role_citizen: {kk: 'Азамат', ru: 'Гражданин', en: 'Citizen' },
  role_partner: {kk: 'Серіктес', ru: 'Партнёр', en: 'Partner' },
  workstationMark: {kk: 'АРМ', ru: 'АРМ', en: 'АРМ' },

  // sign-in
  signInTitle: {kk: 'Жүйеге кіру', ru: 'Вход в систему', en: 'Sign in' },
  demoIdentity: {kk: 'Демо-пайдаланушы', ru: 'Демо-пользователь', en: 'Demo user' },
  demoHint: {kk: 'Сынақ стенді: рөлді таңдап, кіріңіз.', ru: 'Тестовый стенд: выберите роль и войдите.', en: 'Test stand: choose a role and sign in.' },
  signIn: {kk: 'Кіру', ru: 'Войти', en: 'Sign in' },
  tokenLabel: {kk: 'Сәйкестендіру провайдерінің токені (JWT)', ru: 'Токен провайдера идентификации (JWT)', en: 'Identity provider token (JWT)' },
  tokenHint: {kk: 'Токенді осында қойыңыз.', ru: 'Вставьте токен сюда.', en: 'Paste the token here.' },
  signInToken: {kk: 'Токенмен кіру', ru: 'Войти по токену', en: 'Sign in with a token' },
  notAJwt: {kk: 'Бұл JWT емес: нүктемен бөлінген үш бөлік (header.payload.signature) күтіледі.', ru: 'Это не JWT: ожидаются три части через точку (header.payload.signature).', en: 'Not a JWT: three dot-separated parts (header.payload.signature) expected.' },
  jwtNoRole: {kk: 'Токенде белгілі рөл (role) жоқ.', ru: 'В токене нет известной роли (role).', en: 'The token has no known role.' },
  jwtExpired: {kk: 'Токеннің мерзімі өтіп кеткен.', ru: 'Срок действия токена истёк.', en: 'The token has expired.' },
  sessionEnded: {kk: 'Сессия аяқталды немесе токен қабылданбады. Қайта кіріңіз.', ru: 'Сессия завершена или токен отклонён. Войдите снова.', en: 'The session ended or the token was refused. Sign in again.' },
  orToken: {kk: 'немесе', ru: 'или', en: 'or' },

  // common
  noAccess: {kk: 'Бұл бет сіздің рөліңізге қолжетімсіз.', ru: 'Эта страница недоступна для вашей роли.', en: 'This page is not available to your role.' },
  all: {kk: 'Барлығы', ru: 'Все', en: 'All' },
  choose: {kk: '— таңдаңыз —', ru: '— выберите —', en: '— choose —' },
  overdueDays: {kk: 'Мерзімі {days} күнге өтті', ru: 'Просрочено на {days} дн.', en: 'Overdue by {days} days' },
  overdue: {kk: 'Мерзімі өткен', ru: 'Просрочено', en: 'Overdue' },
  onTime: {kk: 'Мерзімінде', ru: 'В срок', en: 'On time' },
  outcome_ISSUED: {kk: 'Берілді', ru: 'Выдано', en: 'Issued' },
  outcome_REFUSED: {kk: 'Бас тартылды', ru: 'Отказано', en: 'Refused' },
  refresh: {kk: 'Жаңарту', ru: 'Обновить', en: 'Refresh' },
  nothing: {kk: '—', ru: '—', en: '—' },

  // live status
  live_connecting: {kk: 'Қосылуда…', ru: 'Подключение…', en: 'Connecting…' },
  live_live: {kk: 'Тікелей эфир', ru: 'В реальном времени', en: 'Live' },
  live_reconnecting: {kk: 'Қайта қосылуда…', ru: 'Переподключение…', en: 'Reconnecting…' },

  // board
  boardTitle: {kk: 'Өтінімдер кезеңдерінің ағыны', ru: 'Лента этапов заявок', en: 'Stage feed' },
  filterService: {kk: 'Қызмет', ru: 'Услуга', en: 'Service' },
  filterProvider: {kk: 'Қызмет беруші', ru: 'Услугодатель', en: 'Provider' },
  filterOverdue: {kk: 'Тек мерзімі өткендер', ru: 'Только просроченные', en: 'Overdue only' },
  feedEmpty: {kk: 'Әзірге оқиға жоқ. Жаңа кезеңдер осында бірден пайда болады.', ru: 'Событий пока нет. Новые этапы появятся здесь сразу.', en: 'No events yet. New stages appear here at once.' },
  feedHidden: {kk: 'Сүзгіге сай оқиға жоқ ({count} жасырылды).', ru: 'Нет событий под фильтр (скрыто: {count}).', en: 'No events match the filter ({count} hidden).' },
  searchTitle: {kk: 'Өтінімді іздеу', ru: 'Поиск заявки', en: 'Find a request' },
  searchLabel: {kk: 'ЖСН/БСН (12 сан) немесе өтінім нөмірі', ru: 'ИИН/БИН (12 цифр) или номер заявки', en: 'IIN/BIN (12 digits) or request number' },
  searchSubmit: {kk: 'Іздеу', ru: 'Найти', en: 'Search' },
  searchEmpty: {kk: 'Ештеңе табылмады.', ru: 'Ничего не найдено.', en: 'Nothing found.' },
  searchCount: {kk: 'Табылды: {count}', ru: 'Найдено: {count}', en: 'Found: {count}' },

  // application fields
  applicationTitle: {kk: '№ {number} өтінім', ru: 'Заявка № {number}', en: 'Request No. {number}' },
  backToBoard: {kk: '← Тақтаға оралу', ru: '← Назад к ленте', en: '← Back to the feed' },
  fRecipient: {kk: 'Қызмет алушы', ru: 'Услугополучатель', en: 'Recipient' },
  fIinOrBin: {kk: 'ЖСН/БСН', ru: 'ИИН/БИН', en: 'IIN/BIN' },
  fService: {kk: 'Қызмет', ru: 'Услуга', en: 'Service' },
  fPlaceOfAcceptance: {kk: 'Қабылданған орны', ru: 'Место приёма', en: 'Place of acceptance' },
  fAcceptedAt: {kk: 'Қабылданған күні', ru: 'Дата приёма', en: 'Accepted at' },
  fExecutor: {kk: 'Орындаушы', ru: 'Исполнитель', en: 'Executor' },
  fPlannedDate: {kk: 'Жоспарлы орындалу күні', ru: 'Плановая дата исполнения', en: 'Planned date' },
  fExecutionDate: {kk: 'Орындалған күні', ru: 'Дата исполнения', en: 'Executed at' },
  fCurrentStage: {kk: 'Ағымдағы кезең', ru: 'Текущий этап', en: 'Current stage' },
  fOutcome: {kk: 'Нәтиже', ru: 'Результат', en: 'Outcome' },
  fRefusalReason: {kk: 'Бас тарту себебі', ru: 'Причина отказа', en: 'Reason for refusal' },
  fProvider: {kk: 'Қызмет беруші', ru: 'Услугодатель', en: 'Provider' },
  fNumber: {kk: 'Нөмірі', ru: 'Номер', en: 'Number' },
  termDays: {kk: '{days} {kind}', ru: '{days} {kind}', en: '{days} {kind}' },
  term_WORKING_DAYS: {kk: 'жұмыс күні', ru: 'раб. дн.', en: 'working days' },
  term_CALENDAR_DAYS: {kk: 'күнтізбелік күн', ru: 'календ. дн.', en: 'calendar days' },
  notFound: {kk: 'Өтінім табылмады немесе оны көруге рұқсат жоқ.', ru: 'Заявка не найдена или нет доступа.', en: 'The request was not found or you may not see it.' },

  // timeline
  timelineTitle: {kk: 'Кезеңдер тарихы', ru: 'История этапов', en: 'Stage history' },
  timelineEmpty: {kk: 'Кезеңдер жоқ.', ru: 'Этапов нет.', en: 'No stages.' },
  occurredAt: {kk: 'Болған уақыты', ru: 'Время события', en: 'Happened at' },
  receivedAt: {kk: 'Хабқа түскені', ru: 'Получено хабом', en: 'Received by the hub' },
  signedBy: {kk: 'Қол қойған', ru: 'Подписал', en: 'Signed by' },
  sigIin: {kk: 'ЖСН', ru: 'ИИН', en: 'IIN' },
  verdict_VALID: {kk: 'ЭЦҚ жарамды', ru: 'ЭЦП действительна', en: 'Signature valid' },
  verdict_NOT_VERIFIED: {kk: 'ЭЦҚ тексерілмеген', ru: 'ЭЦП не проверялась', en: 'Signature not verified' },

  // workstation
  workstationTitle: {kk: 'Қызмет берушінің жұмыс орны', ru: 'Рабочее место услугодателя', en: 'Provider workstation' },
  registerTitle: {kk: 'Жаңа өтінімді тіркеу', ru: 'Регистрация новой заявки', en: 'Register a new request' },
  fApplicationNumber: {kk: 'Өтінім нөмірі', ru: 'Номер заявки', en: 'Request number' },
  fSurname: {kk: 'Тегі', ru: 'Фамилия', en: 'Surname' },
  fName: {kk: 'Аты', ru: 'Имя', en: 'Name' },
  fPatronymic: {kk: 'Әкесінің аты (болса)', ru: 'Отчество (при наличии)', en: 'Patronymic (if any)' },
  fServiceCode: {kk: 'Қызмет', ru: 'Услуга', en: 'Service' },
  fDeclaredPlannedDate: {kk: 'Жоспарлы күн (міндетті емес)', ru: 'Плановая дата (необязательно)', en: 'Planned date (optional)' },
  plannedDateHint: {kk: 'Хаб нормативтік мерзімді стандарт бойынша өзі есептейді.', ru: 'Нормативный срок хаб рассчитывает сам по стандарту услуги.', en: 'The hub computes the regulated term from the service standard.' },
  optional: {kk: 'міндетті емес', ru: 'необязательно', en: 'optional' },
  registerSubmit: {kk: 'Қол қойып, тіркеу', ru: 'Подписать и зарегистрировать', en: 'Sign and register' },
  signing: {kk: 'ЭЦҚ-мен қол қойылуда…', ru: 'Подписание ЭЦП…', en: 'Signing…' },
  sending: {kk: 'Жіберілуде…', ru: 'Отправка…', en: 'Sending…' },
  signedByCert: {kk: 'Қол қойған сертификат: {name}', ru: 'Подписано сертификатом: {name}', en: 'Signed with the certificate of {name}' },
  registered: {kk: '№ {number} өтінім тіркелді.', ru: 'Заявка № {number} зарегистрирована.', en: 'Request No. {number} registered.' },
  recorded: {kk: '«{stage}» кезеңі тіркелді.', ru: 'Этап «{stage}» записан.', en: 'Stage “{stage}” recorded.' },
  duplicate: {kk: 'Бұл хабарлама бұрын қабылданған.', ru: 'Это сообщение уже было принято ранее.', en: 'This message was already accepted earlier.' },
  worklistTitle: {kk: 'Жұмыстағы өтінімдер', ru: 'Заявки в работе', en: 'Requests in progress' },
  showClosed: {kk: 'Жабылғандарын да көрсету', ru: 'Показывать и закрытые', en: 'Show closed ones too' },
  worklistEmpty: {kk: 'Ашық өтінімдер жоқ.', ru: 'Открытых заявок нет.', en: 'No open requests.' },
  panelEmpty: {kk: 'Тізімнен өтінімді таңдаңыз.', ru: 'Выберите заявку в списке.', en: 'Choose a request in the list.' },
  nextStepTitle: {kk: 'Келесі қадам', ru: 'Следующий шаг', en: 'Next step' },
  refuseTitle: {kk: 'Қызмет көрсетуден бас тарту', ru: 'Отказ в оказании услуги', en: 'Refuse the service' },
  closeIssued: {kk: 'Берілді деп жабу', ru: 'Закрыть: выдано', en: 'Close as issued' },
  closeRefused: {kk: 'Бас тартып жабу', ru: 'Закрыть: отказано', en: 'Close as refused' },
  closedNote: {kk: 'Өтінім жабылды: {outcome}.', ru: 'Заявка закрыта: {outcome}.', en: 'The request is closed: {outcome}.' },
  stageOccurredAt: {kk: 'Кезең уақыты', ru: 'Время этапа', en: 'Stage time' },

  // reports
  reportsTitle: {kk: 'Мерзімдерді бұзу туралы айлық есеп', ru: 'Ежемесячный отчёт о нарушениях сроков', en: 'Monthly report on missed deadlines' },
  reportMonth: {kk: 'Ай', ru: 'Месяц', en: 'Month' },
  reportLoad: {kk: 'Көрсету', ru: 'Показать', en: 'Show' },
  reportGenerate: {kk: 'Жаңа нұсқасын қалыптастыру', ru: 'Сформировать новую версию', en: 'Generate a new version' },
  reportGenerating: {kk: 'Қалыптастырылуда…', ru: 'Формируется…', en: 'Generating…' },
  reportEmpty: {kk: 'Бұл айға есеп әлі қалыптастырылмаған.', ru: 'Отчёт за этот месяц ещё не сформирован.', en: 'No report for this month yet.' },
  reportMeta: {kk: '{month} есебі, {version}-нұсқа ({trigger}), қалыптастырылған уақыты: {at}', ru: 'Отчёт за {month}, версия {version} ({trigger}), сформирован {at}', en: 'Report for {month}, version {version} ({trigger}), generated {at}' },
  trigger_SCHEDULED: {kk: 'кесте бойынша', ru: 'по расписанию', en: 'scheduled' },
  trigger_ON_DEMAND: {kk: 'сұрау бойынша', ru: 'по запросу', en: 'on demand' },
  downloadXlsx: {kk: 'XLSX жүктеу', ru: 'Скачать XLSX', en: 'Download XLSX' },
  downloadCsv: {kk: 'CSV жүктеу', ru: 'Скачать CSV', en: 'Download CSV' },
  colProvider: {kk: 'Қызмет беруші', ru: 'Услугодатель', en: 'Provider' },
  colService: {kk: 'Қызмет', ru: 'Услуга', en: 'Service' },
  colRequests: {kk: 'Өтінімдер', ru: 'Заявок', en: 'Requests' },
  colClosedLate: {kk: 'Кешігіп орындалған', ru: 'Исполнено с опозданием', en: 'Closed late' },
  colOpenOverdue: {kk: 'Ай соңында мерзімі өткен ашық', ru: 'Открыто с просрочкой на конец месяца', en: 'Open and overdue at month end' },
  colViolations: {kk: 'Бұзушылықтар', ru: 'Нарушений', en: 'Violations' },
  colTechnical: {kk: 'Оның ішінде техникалық', ru: 'Из них технических', en: 'Of them technical' },
  colViolationDays: {kk: 'Бұзушылық күндері', ru: 'Дней нарушения', en: 'Days of violation' },
  colAverageDays: {kk: 'Орташа күн', ru: 'В среднем дней', en: 'Average days' },
  subtotal: {kk: 'Барлығы: {name}', ru: 'Итого: {name}', en: 'Subtotal: {name}' },
  total: {kk: 'Жалпы жиыны', ru: 'Всего', en: 'Total' },
  chartTitle: {kk: 'Қызметтер бойынша бұзушылықтар', ru: 'Нарушения по услугам', en: 'Violations by service' },
  chartOther: {kk: 'Бұзушылықтар (техникалықтан басқа)', ru: 'Нарушения (кроме технических)', en: 'Violations (other than technical)' },
  chartTechnical: {kk: 'Техникалық себептер', ru: 'Технические причины', en: 'Technical causes' },
  closed_ISSUED: { kk: 'Жабылды: берілді', ru: 'Закрыто: выдано', en: 'Closed: issued' },
  closed_REFUSED: { kk: 'Жабылды: бас тартылды', ru: 'Закрыто: отказано', en: 'Closed: refused' },
  action_SENT_FOR_EXECUTION: { kk: 'Орындауға жіберу', ru: 'Отправить на исполнение', en: 'Send for execution' },
  action_ACCEPTED_INTO_WORK: { kk: 'Жұмысқа қабылдау', ru: 'Принять в работу', en: 'Accept into work' },
  action_EXECUTED: { kk: 'Орындалды деп белгілеу', ru: 'Отметить исполнение', en: 'Mark as executed' },
  action_AWAITING_ISSUANCE: { kk: 'Беруге дайын', ru: 'Передать на выдачу', en: 'Ready for issuance' },
  chartAxis: { kk: 'Бұзушылықтар саны', ru: 'Число нарушений', en: 'Number of violations' },
  operatorTitle: { kk: 'Өтінімдерді қабылдау', ru: 'Приём заявлений', en: 'Applications desk' },
  findCitizenTitle: { kk: 'Алушыны табу', ru: 'Поиск услугополучателя', en: 'Find the recipient' },
  prefillHint: { kk: 'Азамат өз ЭЦҚ-сымен тізілімдерден деректер алуға келісім береді.', ru: 'Гражданин подписывает своей ЭЦП согласие на получение сведений из реестров.', en: 'The citizen signs their consent to the register lookups with their own key.' },
  prefillSubmit: { kk: 'Тізілімдерден толтыру', ru: 'Заполнить из реестров', en: 'Prefill from the registers' },
  draftTitle: { kk: 'Өтініш: {service}', ru: 'Заявление: {service}', en: 'Application: {service}' },
  registersTitle: { kk: 'Тізілімдердің жауаптары', ru: 'Ответы реестров', en: 'What the registers answered' },
  fromSource: { kk: 'дереккөз: {source}', ru: 'источник: {source}', en: 'from {source}' },
  attachmentsTitle: { kk: 'Құжаттар', ru: 'Документы', en: 'Documents' },
  attachFromRegister: { kk: 'Тізілімнен алынғанын тіркеу', ru: 'Приложить полученный из реестра', en: 'Attach the one from the register' },
  uploadScan: { kk: 'Сканерленген көшірме', ru: 'Скан-копия', en: 'Scanned copy' },
  consentTitle: { kk: 'Дербес деректерді өңдеуге келісім', ru: 'Согласие на обработку персональных данных', en: 'Consent to the processing of personal data' },
  consentSigned: { kk: 'Азаматтың ЭЦҚ-сымен', ru: 'Подписано ЭЦП гражданина', en: "Signed with the citizen's key" },
  consentWritten: { kk: 'Жазбаша (скан)', ru: 'Письменное (скан)', en: 'Written (scan)' },
  consentScan: { kk: 'Келісімнің сканы', ru: 'Скан согласия', en: 'Scan of the consent' },
  paymentTitle: { kk: 'Төлем', ru: 'Оплата', en: 'Payment' },
  fPaymentId: { kk: 'Төлем түбіртегінің нөмірі', ru: 'Номер квитанции', en: 'Receipt number' },
  fAmount: { kk: 'Сомасы, ₸', ru: 'Сумма, ₸', en: 'Amount, ₸' },
  fPaidAt: { kk: 'Төленген уақыты', ru: 'Время оплаты', en: 'Paid at' },
  submitApplication: { kk: 'Қол қойып, жіберу', ru: 'Подписать и отправить', en: 'Sign and submit' },
  submitted: { kk: '№ {number} өтініш жіберілді.', ru: 'Заявление № {number} отправлено.', en: 'Application No. {number} submitted.' },
  resultLine: { kk: 'Нәтиже: {outcome}, {at}', ru: 'Результат: {outcome}, {at}', en: 'Result: {outcome}, {at}' },
  issueResult: { kk: 'Нәтижені беру (қол қою)', ru: 'Выдать результат (подписать)', en: 'Hand over the result (sign)' },
  cabinetTitle: { kk: 'Жеке кабинет', ru: 'Личный кабинет', en: 'My cabinet' },
  myApplications: { kk: 'Менің өтініштерім', ru: 'Мои заявления', en: 'My applications' },
  myApplicationsEmpty: { kk: 'Өтініштер жоқ.', ru: 'Заявлений нет.', en: 'No applications.' },
  dataAccessTitle: { kk: 'Менің деректерімді кім қарады', ru: 'Кто запрашивал мои данные', en: 'Who looked up my data' },
  dataAccessHint: { kk: 'Әр сұрау: қашан, қай ұйым, қай қызметкер және не үшін.', ru: 'Каждый запрос: когда, какая организация, какой сотрудник и зачем.', en: 'Every lookup: when, which organisation, which employee and why.' },
  dataAccessEmpty: { kk: 'Сұраулар болған жоқ.', ru: 'Запросов не было.', en: 'No lookups.' },
  colWhen: { kk: 'Уақыты', ru: 'Когда', en: 'When' },
  colOrganisation: { kk: 'Ұйым', ru: 'Организация', en: 'Organisation' },
  colWho: { kk: 'Қызметкер', ru: 'Сотрудник', en: 'Employee' },
  colDocument: { kk: 'Құжат', ru: 'Документ', en: 'Document' },
  colPurpose: { kk: 'Мақсаты', ru: 'Цель', en: 'Purpose' },
  colOutcome: { kk: 'Нәтиже', ru: 'Результат', en: 'Outcome' },
  colLog: { kk: 'Алмасу журналы', ru: 'Журнал обмена', en: 'Exchange log' },
  logIn: { kk: 'Журналда, № {index}', ru: 'В журнале, № {index}', en: 'In the log, #{index}' },
  logPending: { kk: 'Журналға әлі енгізілмеген', ru: 'Ещё не в журнале', en: 'Not yet in the log' },
  logLeafHash: { kk: 'Жазбаның хэші: {hash}', ru: 'Хэш записи: {hash}', en: 'Leaf hash: {hash}' },
  accessReturned: { kk: 'Берілді', ru: 'Выдано', en: 'Returned' },
  surveyTitle: { kk: 'Қызмет сапасын бағалаңыз', ru: 'Оцените качество услуги', en: 'Rate the service' },
  survey_processAndResult: { kk: 'Қызмет көрсету процесі мен нәтижесі', ru: 'Процесс и результат оказания услуги', en: 'The process and the result' },
  survey_information: { kk: 'Қызмет туралы ақпарат', ru: 'Информация об услуге', en: 'Information about the service' },
  satisfaction_SATISFIED: { kk: 'Қанағаттанамын', ru: 'Удовлетворён', en: 'Satisfied' },
  satisfaction_PARTLY_SATISFIED: { kk: 'Ішінара қанағаттанамын', ru: 'Частично удовлетворён', en: 'Partly satisfied' },
  satisfaction_NOT_SATISFIED: { kk: 'Қанағаттанбаймын', ru: 'Не удовлетворён', en: 'Not satisfied' },
  surveySubmit: { kk: 'Жіберу', ru: 'Отправить', en: 'Send' },
  surveyThanks: { kk: 'Бағаңызға рахмет!', ru: 'Спасибо за оценку!', en: 'Thank you for your answer!' },
  adminTitle: { kk: 'Хабты әкімшілендіру', ru: 'Администрирование хаба', en: 'Hub administration' },
  incidentsTitle: { kk: 'Жүйелердің іркілістері', ru: 'Инциденты систем', en: 'System incidents' },
  incidentRecord: { kk: 'Іркілісті тіркеу', ru: 'Записать инцидент', en: 'Record the incident' },
  incidentCorrect: { kk: 'Түзету', ru: 'Исправить', en: 'Correct' },
  incidentRemove: { kk: 'Жою', ru: 'Удалить', en: 'Remove' },
  incidentRecorded: { kk: 'Іркіліс тіркелді.', ru: 'Инцидент записан.', en: 'Incident recorded.' },
  incidentCorrected: { kk: 'Іркіліс түзетілді.', ru: 'Инцидент исправлен.', en: 'Incident corrected.' },
  incidentRemoved: { kk: 'Іркіліс жойылды.', ru: 'Инцидент удалён.', en: 'Incident removed.' },
  incidentRemovedMark: { kk: 'жойылған', ru: 'удалён', en: 'removed' },
  ongoing: { kk: 'жалғасуда', ru: 'продолжается', en: 'ongoing' },
  cancel: { kk: 'Болдырмау', ru: 'Отмена', en: 'Cancel' },
  fSystem: { kk: 'Жүйе', ru: 'Система', en: 'System' },
  fOrganisation: { kk: 'Ұйым', ru: 'Организация', en: 'Organisation' },
  fStartedAt: { kk: 'Басталды', ru: 'Начало', en: 'Started' },
  fEndedAt: { kk: 'Аяқталды', ru: 'Окончание', en: 'Ended' },
  fDescription: { kk: 'Сипаттама', ru: 'Описание', en: 'Description' },
  fReason: { kk: 'Себебі', ru: 'Причина', en: 'Reason' },
  system_PROVIDER_SYSTEM: { kk: 'Қызмет берушінің жүйесі', ru: 'Система услугодателя', en: 'Provider system' },
  system_DOCUMENT_SOURCE: { kk: 'Деректер көзі', ru: 'Источник сведений', en: 'Data source' },
  system_HUB: { kk: 'Хаб', ru: 'Хаб', en: 'Hub' },
  deadLettersTitle: { kk: 'Жеткізілмеген хабарламалар', ru: 'Недоставленные сообщения', en: 'Dead letters' },
  deadLettersEmpty: { kk: 'Жеткізілмеген хабарламалар жоқ.', ru: 'Недоставленных сообщений нет.', en: 'No dead letters.' },
  retryDelivery: { kk: 'Қайта жіберу', ru: 'Отправить повторно', en: 'Send again' },
  retried: { kk: 'Хабарлама қайта жіберілді.', ru: 'Сообщение отправлено повторно.', en: 'The message was sent again.' },
  journalTitle: { kk: 'Алмасу журналы', ru: 'Журнал обмена', en: 'Exchange journal' },
  fDirection: { kk: 'Бағыты', ru: 'Направление', en: 'Direction' },
  direction_OUT: { kk: 'Шығыс', ru: 'Исходящее', en: 'Outgoing' },
  direction_IN: { kk: 'Кіріс', ru: 'Входящее', en: 'Incoming' },
  fKind: { kk: 'Түрі', ru: 'Вид', en: 'Kind' },
  fCounterpart: { kk: 'Контрагент (БСН)', ru: 'Контрагент (БИН)', en: 'Counterpart (BIN)' },
  fFrom: { kk: 'Бастап', ru: 'С', en: 'From' },
  fTo: { kk: 'Дейін', ru: 'По', en: 'To' },
  colAttempts: { kk: 'Әрекеттер', ru: 'Попыток', en: 'Attempts' },
  providerTitle: { kk: 'Қызмет берушінің өтінімдері', ru: 'Заявки услугодателя', en: "The provider's requests" },
  providerHint: { kk: 'Сіздің жүйеңіз хабпен тікелей алмасады: мұнда тек қарауға болады.', ru: 'Ваша система обменивается с хабом напрямую: здесь только просмотр.', en: 'Your system exchanges with the hub directly: this view is read-only.' },
  providerRequests: { kk: 'Өтінімдер', ru: 'Заявки', en: 'Requests' },
  refusalsTitle: { kk: 'Хаб қабылдамаған хабарламалар', ru: 'Отклонённые хабом сообщения', en: 'Reports the hub refused' },
  refusalsEmpty: { kk: 'Қабылданбаған хабарламалар жоқ.', ru: 'Отклонённых сообщений нет.', en: 'No refused reports.' },
  colMessage: { kk: 'Хабарлама', ru: 'Сообщение', en: 'Message' },
  colError: { kk: 'Қате', ru: 'Ошибка', en: 'Error' },
  deliveryTitle: { kk: 'Қызмет берушіге жеткізу', ru: 'Доставка услугодателю', en: 'Delivery to the provider' },
  deliveryNone: { kk: 'Кезекте.', ru: 'В очереди.', en: 'Queued.' },
  delivery_PENDING: { kk: 'Кезекте', ru: 'В очереди', en: 'Queued' },
  delivery_RETRYING: { kk: 'Қайта жіберілуде', ru: 'Повторная отправка', en: 'Retrying' },
  delivery_DELIVERED: { kk: 'Жеткізілді', ru: 'Доставлено', en: 'Delivered' },
  delivery_DEAD: { kk: 'Жеткізілмеді (әкімші қайта жібереді)', ru: 'Не доставлено (повторит администратор)', en: 'Not delivered (an admin will retry)' },
  chartNone: {kk: 'Бұзушылықтар жоқ.', ru: 'Нарушений нет.', en: 'No violations.' },
} satisfies Record<string, Entry>;

/**
 * Texts that change with a number, by the CLDR plural categories of each language (Russian has
 * one/few/many, Kazakh and English one/other); called with `count`.
 */
const PLURALS = {
  overdueDays: {
    kk: { one: 'Мерзімі {count} күнге өтті', other: 'Мерзімі {count} күнге өтті' },
    ru: { one: 'Просрочено на {count} день', few: 'Просрочено на {count} дня', many: 'Просрочено на {count} дней', other: 'Просрочено на {count} дня' },
    en: { one: 'Overdue by {count} day', other: 'Overdue by {count} days' },
  },
  searchCount: {
    kk: { one: '{count} өтінім табылды', other: '{count} өтінім табылды' },
    ru: { one: 'Найдена {count} заявка', few: 'Найдено {count} заявки', many: 'Найдено {count} заявок', other: 'Найдено {count} заявки' },
    en: { one: '{count} request found', other: '{count} requests found' },
  },
  feedHidden: {
    kk: { one: 'Сүзгіге сай оқиға жоқ ({count} жасырылды).', other: 'Сүзгіге сай оқиға жоқ ({count} жасырылды).' },
    ru: { one: 'Нет событий под фильтр (скрыто {count} событие).', few: 'Нет событий под фильтр (скрыто {count} события).', many: 'Нет событий под фильтр (скрыто {count} событий).', other: 'Нет событий под фильтр (скрыто {count} события).' },
    en: { one: 'No events match the filter ({count} hidden).', other: 'No events match the filter ({count} hidden).' },
  },
  revisions: {
    kk: { one: '{count} нұсқа', other: '{count} нұсқа' },
    ru: { one: '{count} редакция', few: '{count} редакции', many: '{count} редакций', other: '{count} редакции' },
    en: { one: '{count} revision', other: '{count} revisions' },
  },
  attemptCount: {
    kk: { one: '{count} әрекет', other: '{count} әрекет' },
    ru: { one: '{count} попытка', few: '{count} попытки', many: '{count} попыток', other: '{count} попытки' },
    en: { one: '{count} attempt', other: '{count} attempts' },
  },
} satisfies Record<string, Record<Lang, Partial<Record<Intl.LDMLPluralRule, string>>>>;

const WITH_DETAIL = new Set(['NCALAYER_ERROR', 'INVALID_ARGUMENT', 'FORBIDDEN']);

export type TextKey = keyof typeof TEXTS | keyof typeof PLURALS;

function resourcesOf(lang: Lang): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, entry] of Object.entries(TEXTS)) out[key] = (entry as Entry)[lang];
  for (const [key, forms] of Object.entries(PLURALS)) {
    for (const [form, text] of Object.entries((forms as Record<Lang, Record<string, string>>)[lang])) out[`${key}_${form}`] = text;
  }
  return out;
}

// One i18next instance, with the texts bundled (no loading): `{name}` placeholders as before,
// plurals by Intl.PluralRules of each language.
const i18n = i18next.createInstance();
void i18n.init({
  resources: Object.fromEntries(LANGS.map((l) => [l, { translation: resourcesOf(l) }])),
  lng: DEFAULT_LANG,
  fallbackLng: 'ru',
  initAsync: false,
  showSupportNotice: false,
  interpolation: { escapeValue: false, prefix: '{', suffix: '}' },
});
const fixed = Object.fromEntries(LANGS.map((l) => [l, i18n.getFixedT(l)])) as Record<Lang, TFunction>;

export function translate(lang: Lang, key: TextKey, vars?: Record<string, string | number>): string {
  return fixed[lang](key, vars) as string;
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
  const key = `role_${role}`;
  return key in TEXTS ? translate(lang, key as TextKey) : role;
}

export function isLang(value: unknown): value is Lang {
  return value === 'kk' || value === 'ru' || value === 'en';
}
