/** Words the demo generator and the simulator draw from; modelled on the county's published cases. */
export const CASE_TITLES: Record<string, string[]> = {
  family: ['夫妻因赡养老人问题发生争执', '子女分摊老人医疗费用产生矛盾', '婚后财产分割协商不成', '兄弟因宅基地继承发生纠纷'],
  neighbour: ['楼上漏水影响楼下住户', '邻居占用楼道堆放杂物', '装修噪音扰民引发争吵', '宠物犬未拴绳惊吓老人', '院墙界址争议'],
  wages: ['建筑工地拖欠农民工工资', '餐馆拖欠服务员工资', '装修队结算款项未付'],
  property: ['物业费收缴与服务质量纠纷', '电梯长期故障无人维修', '绿化带被侵占'],
  sanitation: ['垃圾清运不及时', '下水道堵塞污水外溢', '背街小巷卫生死角'],
  road: ['路灯损坏夜间出行不便', '巷道路面塌陷', '雨后积水影响通行'],
  parking: ['电动车飞线充电存在隐患', '车辆乱停堵塞消防通道', '充电桩数量不足'],
  safety: ['老旧小区燃气管道老化', '沿街商铺消防通道堵塞', '自建房外墙空鼓脱落'],
  land: ['土地承包边界纠纷', '流转土地租金未按时支付'],
}

export const COMPOUNDS: Record<string, string[]> = {
  龙湖社区: ['丽华苑小区'],
  学府城社区: ['学府花园', '西花园小区'],
  复兴社区: ['凤凰苑小区'],
}

/**
 * The demo's units directory (承办单位), by level: a county's departments, each town's offices
 * (with the county department above them), each village's or community's mediation committee
 * (under the town's). Names are the place's name and the suffix: 新绛县司法局, 龙兴镇司法所.
 */
export const COUNTY_UNITS: { suffix: string; parent?: string }[] = [
  { suffix: '综治中心' }, { suffix: '司法局' }, { suffix: '信访局' }, { suffix: '住建局' }, { suffix: '城市管理局' },
  { suffix: '人社局' }, { suffix: '总工会' }, { suffix: '应急管理局' }, { suffix: '农业农村局' }, { suffix: '公安局' },
  { suffix: '公安局交警大队', parent: '公安局' }, { suffix: '消防救援大队' }, { suffix: '妇联' }, { suffix: '供电公司' },
]
/** A town's offices and the county unit above each. */
export const TOWN_UNITS: { suffix: string; parent: string }[] = [
  { suffix: '综治中心', parent: '综治中心' }, { suffix: '司法所', parent: '司法局' }, { suffix: '派出所', parent: '公安局' },
  { suffix: '妇联', parent: '妇联' }, { suffix: '环卫站', parent: '城市管理局' }, { suffix: '农经站', parent: '农业农村局' },
  { suffix: '人民调解委员会', parent: '司法局' },
]
/** A village's or community's own unit, under its town's 人民调解委员会. */
export const COMMUNITY_UNIT = '人民调解委员会'

/** Who a case of each category is dispatched to: a unit of the case's county, town or community, by suffix. */
export const UNITS_BY_CATEGORY: Record<string, { level: 'county' | 'town' | 'community'; suffix: string }[]> = {
  family: [{ level: 'town', suffix: '妇联' }, { level: 'county', suffix: '司法局' }],
  neighbour: [{ level: 'community', suffix: COMMUNITY_UNIT }, { level: 'town', suffix: '司法所' }],
  wages: [{ level: 'county', suffix: '人社局' }, { level: 'county', suffix: '总工会' }],
  property: [{ level: 'county', suffix: '住建局' }, { level: 'community', suffix: COMMUNITY_UNIT }],
  sanitation: [{ level: 'county', suffix: '城市管理局' }, { level: 'town', suffix: '环卫站' }],
  road: [{ level: 'county', suffix: '住建局' }, { level: 'county', suffix: '供电公司' }],
  parking: [{ level: 'county', suffix: '公安局交警大队' }, { level: 'county', suffix: '供电公司' }],
  safety: [{ level: 'county', suffix: '应急管理局' }, { level: 'county', suffix: '消防救援大队' }],
  land: [{ level: 'county', suffix: '农业农村局' }, { level: 'town', suffix: '农经站' }],
}

export const SURNAMES = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎'.split('')
export const GIVEN = '建国秀兰淑珍志强丽娟海燕小红军伟桂英玉梅文华春生明亮晓东红梅立新宏伟永刚凤英国庆'.match(/.{2}/g)!

export const ACTIVITY_TITLES: Record<string, string> = {
  clinic: '义诊进社区', legal: '法律咨询进万家', cleanup: '环境整治大扫除', elderly: '关爱空巢老人',
  patrol: '周三安全夜查', repair: '便民维修服务', culture: '广场文艺演出', publicity: '政策宣讲',
}

export const TEAM_KINDS: Record<string, string[]> = {
  red: ['publicity'], orange: ['clinic'], yellow: ['repair', 'elderly'], green: ['cleanup'],
  cyan: ['publicity', 'legal'], blue: ['patrol'], purple: ['culture'],
}

export const WISH_TITLES = ['为独居老人更换老旧灯具', '给留守儿童送学习用品', '楼道安装扶手', '小区增设休闲座椅', '为困难家庭修缮屋顶', '社区书屋添置图书', '老人理发上门服务']

/**
 * Where the demo's cases are closed on the ladder (网格 → 村社区 → 乡镇 → 县), by complexity: a
 * simple matter mostly in its grid, the others mostly in the village or community, as the seeds'
 * 小事不出小区、大事不出社区 describes. Together the grid and the village keep about two in three.
 */
export const CLOSING_LEVEL_WEIGHTS = (complexity: string) =>
  complexity === 'simple'
    ? ([['grid', 55], ['village', 25], ['town', 15], ['county', 5]] as const)
    : ([['grid', 22], ['village', 44], ['town', 25], ['county', 9]] as const)

