/**
 * Word lists for realistic demo data: people, companies, places, in English and Chinese.
 * Chinese words carry their pinyin, so e-mail addresses and domains stay ASCII.
 */
import type { Random } from './random.ts';

export type Locale = 'en' | 'zh';

export interface Person {
  locale: Locale;
  firstName: string;
  lastName: string;
  fullName: string;
  /** ASCII local part for e-mail addresses (`emma.clark`, `wei.wang`). */
  handle: string;
}

export interface Company {
  locale: Locale;
  name: string;
  /** A short name used in opportunity names and activity subjects. */
  shortName: string;
  domain: string;
  industry: string;
  place: Place;
}

export interface Place {
  locale: Locale;
  city: string;
  state: string;
  country: string;
  postalPrefix: string;
  /** Phone prefix, e.g. `+1 415` or `+86 21`. */
  phonePrefix: string;
  /** Hours ahead of UTC (standard time), for business hours. */
  utcOffset: number;
  streets: readonly string[];
}

const EN_FIRST = [
  'Emma',
  'Liam',
  'Olivia',
  'Noah',
  'Ava',
  'James',
  'Sophia',
  'William',
  'Isabella',
  'Benjamin',
  'Mia',
  'Lucas',
  'Charlotte',
  'Henry',
  'Amelia',
  'Alexander',
  'Harper',
  'Daniel',
  'Evelyn',
  'Michael',
  'Abigail',
  'Ethan',
  'Emily',
  'Jacob',
  'Grace',
  'Samuel',
  'Chloe',
  'David',
  'Zoe',
  'Joseph',
  'Nora',
  'Owen',
  'Hannah',
  'Ryan',
  'Priya',
  'Carlos',
  'Fatima',
  'Kenji',
  'Ingrid',
  'Mateo',
];
const EN_LAST = [
  'Smith',
  'Johnson',
  'Williams',
  'Brown',
  'Jones',
  'Garcia',
  'Miller',
  'Davis',
  'Rodriguez',
  'Martinez',
  'Wilson',
  'Anderson',
  'Taylor',
  'Thomas',
  'Moore',
  'Jackson',
  'Martin',
  'Lee',
  'Thompson',
  'White',
  'Harris',
  'Clark',
  'Lewis',
  'Walker',
  'Hall',
  'Young',
  'King',
  'Wright',
  'Scott',
  'Green',
  'Baker',
  'Adams',
  'Nelson',
  'Patel',
  'Nakamura',
  'Schmidt',
  'Okafor',
  'Larsen',
  'Rossi',
  'Fischer',
];
const ZH_SURNAMES: readonly [string, string][] = [
  ['王', 'wang'],
  ['李', 'li'],
  ['张', 'zhang'],
  ['刘', 'liu'],
  ['陈', 'chen'],
  ['杨', 'yang'],
  ['赵', 'zhao'],
  ['黄', 'huang'],
  ['周', 'zhou'],
  ['吴', 'wu'],
  ['徐', 'xu'],
  ['孙', 'sun'],
  ['胡', 'hu'],
  ['朱', 'zhu'],
  ['高', 'gao'],
  ['林', 'lin'],
  ['何', 'he'],
  ['郭', 'guo'],
  ['马', 'ma'],
  ['罗', 'luo'],
  ['梁', 'liang'],
  ['宋', 'song'],
  ['郑', 'zheng'],
  ['谢', 'xie'],
  ['韩', 'han'],
  ['唐', 'tang'],
  ['冯', 'feng'],
  ['于', 'yu'],
  ['董', 'dong'],
  ['萧', 'xiao'],
];
const ZH_GIVEN: readonly [string, string][] = [
  ['伟', 'wei'],
  ['芳', 'fang'],
  ['娜', 'na'],
  ['敏', 'min'],
  ['静', 'jing'],
  ['丽', 'li'],
  ['强', 'qiang'],
  ['磊', 'lei'],
  ['军', 'jun'],
  ['洋', 'yang'],
  ['勇', 'yong'],
  ['艳', 'yan'],
  ['杰', 'jie'],
  ['涛', 'tao'],
  ['明', 'ming'],
  ['超', 'chao'],
  ['秀英', 'xiuying'],
  ['霞', 'xia'],
  ['平', 'ping'],
  ['刚', 'gang'],
  ['桂英', 'guiying'],
  ['建华', 'jianhua'],
  ['晓东', 'xiaodong'],
  ['海燕', 'haiyan'],
  ['志强', 'zhiqiang'],
  ['雪梅', 'xuemei'],
  ['浩然', 'haoran'],
  ['子涵', 'zihan'],
  ['欣怡', 'xinyi'],
  ['宇轩', 'yuxuan'],
  ['思远', 'siyuan'],
  ['文博', 'wenbo'],
  ['佳琪', 'jiaqi'],
  ['俊杰', 'junjie'],
  ['梦瑶', 'mengyao'],
  ['嘉怡', 'jiayi'],
  ['国栋', 'guodong'],
  ['丹', 'dan'],
  ['鹏', 'peng'],
  ['慧', 'hui'],
];

export function person(rng: Random, locale: Locale): Person {
  if (locale === 'zh') {
    const [lastName, lastPinyin] = rng.pick(ZH_SURNAMES);
    const [firstName, firstPinyin] = rng.pick(ZH_GIVEN);
    return { locale, firstName, lastName, fullName: `${lastName}${firstName}`, handle: `${firstPinyin}.${lastPinyin}` };
  }
  const firstName = rng.pick(EN_FIRST);
  const lastName = rng.pick(EN_LAST);
  return { locale, firstName, lastName, fullName: `${firstName} ${lastName}`, handle: `${firstName}.${lastName}`.toLowerCase() };
}

export const EN_PLACES: readonly Place[] = [
  {
    locale: 'en',
    city: 'San Francisco',
    state: 'CA',
    country: 'United States',
    postalPrefix: '941',
    phonePrefix: '+1 415',
    utcOffset: -8,
    streets: ['Market Street', 'Mission Street', 'Howard Street', 'Folsom Street'],
  },
  {
    locale: 'en',
    city: 'New York',
    state: 'NY',
    country: 'United States',
    postalPrefix: '100',
    phonePrefix: '+1 212',
    utcOffset: -5,
    streets: ['Broadway', 'Madison Avenue', 'Park Avenue', 'Hudson Street'],
  },
  {
    locale: 'en',
    city: 'Austin',
    state: 'TX',
    country: 'United States',
    postalPrefix: '787',
    phonePrefix: '+1 512',
    utcOffset: -6,
    streets: ['Congress Avenue', 'Lamar Boulevard', 'Sixth Street'],
  },
  {
    locale: 'en',
    city: 'Seattle',
    state: 'WA',
    country: 'United States',
    postalPrefix: '981',
    phonePrefix: '+1 206',
    utcOffset: -8,
    streets: ['Pike Street', 'Pine Street', 'Westlake Avenue'],
  },
  {
    locale: 'en',
    city: 'Chicago',
    state: 'IL',
    country: 'United States',
    postalPrefix: '606',
    phonePrefix: '+1 312',
    utcOffset: -6,
    streets: ['Michigan Avenue', 'Wacker Drive', 'State Street'],
  },
  {
    locale: 'en',
    city: 'Boston',
    state: 'MA',
    country: 'United States',
    postalPrefix: '021',
    phonePrefix: '+1 617',
    utcOffset: -5,
    streets: ['Boylston Street', 'Newbury Street', 'Summer Street'],
  },
  {
    locale: 'en',
    city: 'Denver',
    state: 'CO',
    country: 'United States',
    postalPrefix: '802',
    phonePrefix: '+1 303',
    utcOffset: -7,
    streets: ['Larimer Street', 'Blake Street', 'Colfax Avenue'],
  },
  {
    locale: 'en',
    city: 'London',
    state: 'England',
    country: 'United Kingdom',
    postalPrefix: 'EC2A ',
    phonePrefix: '+44 20',
    utcOffset: 0,
    streets: ['Old Street', 'Shoreditch High Street', 'Finsbury Square'],
  },
  {
    locale: 'en',
    city: 'Berlin',
    state: 'Berlin',
    country: 'Germany',
    postalPrefix: '101',
    phonePrefix: '+49 30',
    utcOffset: 1,
    streets: ['Friedrichstraße', 'Torstraße', 'Invalidenstraße'],
  },
  {
    locale: 'en',
    city: 'Singapore',
    state: 'Singapore',
    country: 'Singapore',
    postalPrefix: '018',
    phonePrefix: '+65',
    utcOffset: 8,
    streets: ['Marina Boulevard', 'Robinson Road', 'Cecil Street'],
  },
];

export const ZH_PLACES: readonly Place[] = [
  {
    locale: 'zh',
    city: '上海市',
    state: '上海市',
    country: '中国',
    postalPrefix: '200',
    phonePrefix: '+86 21',
    utcOffset: 8,
    streets: ['浦东新区世纪大道', '静安区南京西路', '徐汇区漕溪北路'],
  },
  {
    locale: 'zh',
    city: '北京市',
    state: '北京市',
    country: '中国',
    postalPrefix: '100',
    phonePrefix: '+86 10',
    utcOffset: 8,
    streets: ['海淀区中关村大街', '朝阳区建国路', '东城区东长安街'],
  },
  {
    locale: 'zh',
    city: '深圳市',
    state: '广东省',
    country: '中国',
    postalPrefix: '518',
    phonePrefix: '+86 755',
    utcOffset: 8,
    streets: ['南山区科技园南路', '福田区深南大道', '宝安区新安六路'],
  },
  {
    locale: 'zh',
    city: '杭州市',
    state: '浙江省',
    country: '中国',
    postalPrefix: '310',
    phonePrefix: '+86 571',
    utcOffset: 8,
    streets: ['西湖区文三路', '滨江区江南大道', '余杭区文一西路'],
  },
  {
    locale: 'zh',
    city: '广州市',
    state: '广东省',
    country: '中国',
    postalPrefix: '510',
    phonePrefix: '+86 20',
    utcOffset: 8,
    streets: ['天河区天河路', '越秀区环市东路', '海珠区新港中路'],
  },
  {
    locale: 'zh',
    city: '成都市',
    state: '四川省',
    country: '中国',
    postalPrefix: '610',
    phonePrefix: '+86 28',
    utcOffset: 8,
    streets: ['高新区天府大道', '锦江区红星路', '武侯区人民南路'],
  },
  {
    locale: 'zh',
    city: '苏州市',
    state: '江苏省',
    country: '中国',
    postalPrefix: '215',
    phonePrefix: '+86 512',
    utcOffset: 8,
    streets: ['工业园区星湖街', '姑苏区人民路', '高新区狮山路'],
  },
  {
    locale: 'zh',
    city: '武汉市',
    state: '湖北省',
    country: '中国',
    postalPrefix: '430',
    phonePrefix: '+86 27',
    utcOffset: 8,
    streets: ['洪山区珞喻路', '江汉区解放大道', '东湖高新区光谷大道'],
  },
];

export function place(rng: Random, locale: Locale): Place {
  return rng.pick(locale === 'zh' ? ZH_PLACES : EN_PLACES);
}

/** Industry (picklist value) → English name parts and Chinese words with pinyin. */
const INDUSTRY_WORDS: Record<string, { en: readonly string[]; zh: readonly [string, string][] }> = {
  technology: {
    en: ['Software', 'Systems', 'Technologies', 'Labs', 'Networks', 'Cloud'],
    zh: [
      ['科技', 'tech'],
      ['信息技术', 'it'],
      ['软件', 'soft'],
    ],
  },
  finance: {
    en: ['Capital', 'Financial', 'Bank', 'Insurance'],
    zh: [
      ['投资', 'invest'],
      ['金融服务', 'finance'],
      ['保险', 'insurance'],
    ],
  },
  healthcare: {
    en: ['Health', 'Medical', 'Pharma', 'Biotech'],
    zh: [
      ['医疗', 'medical'],
      ['生物医药', 'bio'],
      ['健康科技', 'health'],
    ],
  },
  manufacturing: {
    en: ['Manufacturing', 'Industries', 'Precision', 'Machinery'],
    zh: [
      ['精密制造', 'precision'],
      ['机械', 'machinery'],
      ['电子', 'electronics'],
    ],
  },
  retail: {
    en: ['Retail', 'Stores', 'Outfitters', 'Market'],
    zh: [
      ['商贸', 'trading'],
      ['零售', 'retail'],
      ['电子商务', 'ecommerce'],
    ],
  },
  education: {
    en: ['Academy', 'Learning', 'Education'],
    zh: [
      ['教育科技', 'edu'],
      ['培训', 'training'],
    ],
  },
  energy: {
    en: ['Energy', 'Power', 'Solar'],
    zh: [
      ['新能源', 'energy'],
      ['电力', 'power'],
    ],
  },
  media: {
    en: ['Media', 'Studios', 'Broadcasting'],
    zh: [
      ['文化传媒', 'media'],
      ['影视', 'film'],
    ],
  },
  logistics: {
    en: ['Logistics', 'Freight', 'Shipping'],
    zh: [
      ['物流', 'logistics'],
      ['供应链', 'supplychain'],
    ],
  },
  realEstate: {
    en: ['Properties', 'Realty', 'Estates'],
    zh: [
      ['置业', 'properties'],
      ['地产', 'realestate'],
    ],
  },
};
export const COMPANY_INDUSTRIES = Object.keys(INDUSTRY_WORDS);

const EN_BRANDS = [
  'Northwind',
  'Bluewater',
  'Summit',
  'Redwood',
  'Silverline',
  'Brightpath',
  'Ironclad',
  'Evergreen',
  'Pinnacle',
  'Horizon',
  'Crescent',
  'Granite',
  'Lighthouse',
  'Maple',
  'Oakridge',
  'Riverside',
  'Sterling',
  'Trident',
  'Vertex',
  'Westfield',
  'Apex',
  'Cobalt',
  'Falcon',
  'Harbor',
  'Juniper',
  'Keystone',
  'Meridian',
  'Nimbus',
  'Orion',
  'Quantum',
];
const EN_LEGAL = ['Inc.', 'LLC', 'Ltd.', 'Corp.', 'Group', 'Co.'];
const ZH_BRANDS: readonly [string, string][] = [
  ['华信', 'huaxin'],
  ['东方', 'dongfang'],
  ['长城', 'changcheng'],
  ['金桥', 'jinqiao'],
  ['恒达', 'hengda'],
  ['蓝海', 'lanhai'],
  ['瑞丰', 'ruifeng'],
  ['鼎盛', 'dingsheng'],
  ['天成', 'tiancheng'],
  ['远航', 'yuanhang'],
  ['星辰', 'xingchen'],
  ['嘉禾', 'jiahe'],
  ['中联', 'zhonglian'],
  ['盛世', 'shengshi'],
  ['宏图', 'hongtu'],
  ['新源', 'xinyuan'],
  ['云帆', 'yunfan'],
  ['博远', 'boyuan'],
];
const ZH_LEGAL = ['有限公司', '股份有限公司', '集团有限公司'];

/** A company; `used` holds names already taken (the new name is added to it). */
export function company(rng: Random, locale: Locale, used: Set<string>, industry?: string): Company {
  for (let attempt = 0; ; attempt++) {
    const ind = industry ?? rng.pick(COMPANY_INDUSTRIES);
    const words = INDUSTRY_WORDS[ind] ?? INDUSTRY_WORDS.technology;
    if (words === undefined) throw new Error('no industry words');
    const where = place(rng, locale);
    let candidate: Company;
    if (locale === 'zh') {
      const [brand, brandPinyin] = rng.pick(ZH_BRANDS);
      const [word, wordPinyin] = rng.pick(words.zh);
      const cityShort = where.city.replace(/市$/, '');
      candidate = {
        locale,
        name: `${cityShort}${brand}${word}${rng.pick(ZH_LEGAL)}`,
        shortName: `${brand}${word}`,
        domain: `${brandPinyin}-${wordPinyin}.com.cn`,
        industry: ind,
        place: where,
      };
    } else {
      const brand = rng.pick(EN_BRANDS);
      const word = rng.pick(words.en);
      candidate = {
        locale,
        name: `${brand} ${word} ${rng.pick(EN_LEGAL)}`,
        shortName: `${brand} ${word}`,
        domain: `${brand}${word}.com`.toLowerCase(),
        industry: ind,
        place: where,
      };
    }
    const taken = used.has(candidate.shortName);
    if (!taken || attempt >= 40) {
      if (taken) {
        // The pools are exhausted: number the name rather than loop forever.
        const n = attempt;
        candidate = { ...candidate, name: `${candidate.name} ${n}`, shortName: `${candidate.shortName} ${n}`, domain: `${n}${candidate.domain}` };
      }
      used.add(candidate.shortName);
      return candidate;
    }
  }
}

export const EN_TITLES = [
  'CEO',
  'CTO',
  'CFO',
  'VP of Sales',
  'VP of Engineering',
  'Head of Operations',
  'IT Director',
  'Procurement Manager',
  'Marketing Director',
  'Customer Success Manager',
  'Product Manager',
  'Operations Manager',
  'Finance Manager',
  'Buyer',
];
export const ZH_TITLES = ['总经理', '技术总监', '财务总监', '销售副总裁', '采购经理', 'IT 经理', '市场总监', '运营经理', '产品经理', '客服主管', '行政主管'];
export const EN_DEPARTMENTS = ['Executive', 'Sales', 'Marketing', 'IT', 'Finance', 'Operations', 'Procurement', 'Customer Success'];
export const ZH_DEPARTMENTS = ['总经办', '销售部', '市场部', '信息技术部', '财务部', '运营部', '采购部', '客服部'];

export function phone(rng: Random, where: Place, mobile = false): string {
  const digits = (n: number): string => Array.from({ length: n }, () => String(rng.int(0, 9))).join('');
  if (where.locale === 'zh') {
    return mobile ? `+86 1${rng.pick(['38', '39', '50', '86', '88', '35'])} ${digits(4)} ${digits(4)}` : `${where.phonePrefix} ${digits(4)} ${digits(4)}`;
  }
  if (where.phonePrefix.startsWith('+1')) return `${where.phonePrefix}-555-${digits(4)}`;
  return `${where.phonePrefix} ${digits(4)} ${digits(4)}`;
}

export function address(rng: Random, where: Place): { street: string; city: string; state: string; postalCode: string; country: string } {
  const street = where.locale === 'zh' ? `${rng.pick(where.streets)}${rng.int(1, 999)}号` : `${rng.int(1, 2400)} ${rng.pick(where.streets)}`;
  const postalCode =
    where.locale === 'zh'
      ? `${where.postalPrefix}${rng.int(0, 999).toString().padStart(3, '0')}`
      : where.postalPrefix.endsWith(' ')
        ? `${where.postalPrefix}${rng.int(1, 9)}${rng.pick(['AB', 'HJ', 'QS'])}`
        : `${where.postalPrefix}${rng.int(1, 99).toString().padStart(2, '0')}`;
  return { street, city: where.city, state: where.state, postalCode, country: where.country };
}

/** Generic words for text fields nothing more is known about. */
export const EN_WORDS = [
  'quarterly',
  'review',
  'pricing',
  'renewal',
  'integration',
  'rollout',
  'training',
  'onboarding',
  'security',
  'migration',
  'budget',
  'roadmap',
  'pilot',
  'contract',
  'support',
  'analytics',
  'expansion',
  'workshop',
];
export const ZH_WORDS = ['季度', '复盘', '报价', '续约', '集成', '上线', '培训', '安全', '迁移', '预算', '规划', '试点', '合同', '支持', '数据', '扩容'];

export function sentence(rng: Random, locale: Locale, words = 6): string {
  if (locale === 'zh') return `${rng.sample(ZH_WORDS, Math.max(2, Math.round(words / 2))).join('')}。`;
  const text = rng.sample(EN_WORDS, words).join(' ');
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}
