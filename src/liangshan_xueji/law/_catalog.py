"""The data of the clause catalog: the 73 clauses of 凉教基〔2016〕14号.

条款目录数据。Each entry quotes, in ``text``, the clause's own words from the regulation
凉山州教育局《凉山州中小学生学籍管理实施规定（试行）》（凉教基〔2016〕14号，
2016-08-11 印发）, as transcribed in ``shared/seed/000_6239a731b741ecb4.txt``, with one
correction: the transcription's stray 学习 is removed from the names 中小学生学习籍 and
中小学生学习学籍, which read 中小学生学籍 (the regulation's own title, and the national
《中小学生学籍管理办法》). 引文已删去转录稿误插的“学习”二字。

Quoting conventions:

* the transcription's hard line breaks inside sentences are joined; spacing and the document's
  own punctuation (including the half-width ``,()`` of parts 六 and 七 and of 附表4) are kept;
* the numbering marks (（一）, 1、, （1）) are left out: the clause ID carries them;
* ``……`` marks an elision between two quoted pieces that are not adjacent in the document
  (5.1, and the forms 附表1–2, whose title and 说明 stand on either side of the table).

``title_zh``, ``title_en`` and the notes are this library's words, not the regulation's. A note
says how the library reads the clause where its text is vague, or, for a clause that binds only
people (``computable=False``), what the library does for it anyway.
:mod:`liangshan_xueji.law.clauses` builds a :class:`~liangshan_xueji.law.clauses.Clause` from each entry.
"""

from __future__ import annotations

from typing import TypedDict

__all__ = ["ENTRIES", "Entry"]


class Entry(TypedDict):
    """One clause's data, the keyword arguments of :class:`~liangshan_xueji.law.clauses.Clause`."""

    id: str
    parent: str | None
    title_zh: str
    title_en: str
    text: str
    computable: bool
    note_zh: str
    note_en: str


ENTRIES: tuple[Entry, ...] = (
    {
        "id": "P",
        "parent": None,
        "title_zh": "制定目的与依据",
        "title_en": "Purpose and legal basis",
        "text": (
            "为进一步规范全州中小学生学籍管理，提高新形势下基础教育科学管理水平，保障适龄儿童、"
            "少年受教育的权利，根据《中华人民共和国教育法》《中华人民共和国义务教育法》"
            "等教育法律法规及《教育部关于印发中小学生学籍管理暂行办法的通知》（教基一〔2013〕7号）"
            "《教育部办公厅关于进一步规范中小学生学籍管理相关问题处理的通知》（教基一〔2016〕2号）"
            "以及有关规范办学行为的文件精神，特制定《凉山州中小学生学籍管理实施规定（试行）》。"
        ),
        "computable": False,
        "note_zh": (
            "序言不约束数据；库以它为每个条款的出处（SOURCE），在条款目录和规则参考文档中引用"
        ),
        "note_en": (
            "The preamble binds no data; the library cites it as the source (SOURCE) of every "
            "clause in the catalog and the rule reference"
        ),
    },
    {
        "id": "1.1",
        "parent": None,
        "title_zh": "初次入学建立学籍",
        "title_en": "Record created at first enrollment",
        "text": (
            "根据《全国中小学生学籍管理办法》（以下简称《学籍管理办法》）第二章第四条、第六条规定，"
            "“学生初次办理入学手续后，学校应为其采集录入学籍信息，建立学籍档案，"
            "通过电子学籍系统申请学籍号，学籍主管部门应通过电子学籍系统及时核准学生学籍”。"
            "学籍管理实行“籍随人走、人籍一致、籍在人在”的规定，在全国学籍系统中，"
            "学生学籍必须在实际就读学校注册。"
        ),
        "computable": True,
        "note_zh": "“实际就读学校”读作学生当前上课的学校；学籍注册在别校即为空挂学籍",
        "note_en": (
            "'The school actually attended' is read as the school where the student is taught; a "
            "record registered elsewhere is an empty record"
        ),
    },
    {
        "id": "1.2",
        "parent": None,
        "title_zh": "不得虚假注册与重复注册",
        "title_en": "No false or duplicate registration",
        "text": (
            "全国学籍系统新生注册时，不得用虚假信息给学生注册学籍，"
            "各学校必须先将学生信息进行全省数据查询，若无该生学籍信息，方可为新生报名，"
            "并依据户口或公安部门提供的身份信息为学生建立小学一年级学籍信息档案，"
            "防止重复注册学生学籍。初中、高中阶段的学籍只能采用升学招生的形式调档，"
            "接续原有学籍档案信息。"
        ),
        "computable": True,
        "note_zh": (
            "全省查询由调用方完成并传入结果，查到已有学籍即拒绝新建；初中、"
            "高中新生只能经招生接续原档案，不得新建学籍"
        ),
        "note_en": (
            "The province-wide lookup is done by the caller and its result passed in; a hit "
            "refuses a new record. Junior and senior entrants never get a new record: admission "
            "continues the old archive"
        ),
    },
    {
        "id": "1.3",
        "parent": None,
        "title_zh": "新生信息9月30日前上报",
        "title_en": "New students' data by 30 September",
        "text": (
            "学校在每年9月30日前完成新生信息采集、家长签字确认，录入学籍系统，"
            "并上报教育主管部门进行审核，生成全国学籍号。"
        ),
        "computable": True,
        "note_zh": "截止日为每年 9 月 30 日，当日仍在期限内（参数）",
        "note_en": "The deadline is 30 September each year, that day included (a parameter)",
    },
    {
        "id": "1.4",
        "parent": None,
        "title_zh": "按实际报到注册",
        "title_en": "Registered on actual arrival",
        "text": (
            "小学起始年级、初一、高一原则上按学生实际到校报到注册学籍，不得抢先注册。"
            "学生完成学籍注册后，学籍管理员应及时完成照片导入工作。"
        ),
        "computable": True,
        "note_zh": "起始年级指小学一年级、初一、高一；注册日期早于报到日期即为抢先注册",
        "note_en": (
            "Starting grades are primary 1, junior 1 and senior 1; a registration dated before "
            "arrival is registering in advance"
        ),
    },
    {
        "id": "1.5",
        "parent": None,
        "title_zh": "就近入学，学籍不得删除",
        "title_en": "Nearest school; records never deleted",
        "text": (
            "学生学籍遵循户口所在地就近入学的原则，学籍一旦在全国学籍系统中注册，不得随意删除，"
            "如果学生长期不在校又无法跟家长取得联系，可暂做辍学或其他离校处理。"
        ),
        "computable": True,
        "note_zh": (
            "删除一律拒绝，记录只能进入终止状态；“长期不在校”与 2.4.2 一致，读作超过 3 个月；"
            "长期不在校又联系不上家长的学生可暂做辍学（ProvisionalDropout）或其他离校，"
            "暂做辍学不需家庭原因或动员，义务教育阶段仍须 2.4.1 的书面上报；"
            "“暂”读作辍学状态本身，学生返校（2.4.3）即结束；"
            "就近入学按户籍地行政区划代码（无则身份证号前 6 位，即发证地）判断学生户籍是否在学校所在县市，"
            "不按户籍文字匹配县名，无法判断时注明未能核对"
        ),
        "note_en": (
            "Deletion is always refused; a record can only reach a terminal state. 'Long absence' "
            "is read, as in 2.4.2, as more than 3 months; a student long away whose family cannot "
            "be reached may be set to 辍学 for the time being (ProvisionalDropout) or to 其他离校; "
            "the provisional 辍学 needs no family reasons or mobilisation, but a compulsory-stage one "
            "still needs 2.4.1's written report; 'for the time being' is read as the 辍学 status "
            "itself, which the student's return (2.4.3) ends; the nearest school is judged by the "
            "户籍 region code (else the ID number's first six digits, where it was issued) against "
            "the school's county, never by the county's name in the 户籍 text, and says so when it "
            "cannot be checked"
        ),
    },
    {
        "id": "2.1",
        "parent": None,
        "title_zh": "转学程序",
        "title_en": "Transfer procedure",
        "text": (
            "根据《学籍管理办法》第三章第十四条规定：学生转学，"
            "由转入学校通过电子学籍系统启动学籍转接程序，"
            "并在学籍系统中上传已审批同意的纸质转学申请表(扫描件或照片)，转出(转入)"
            "学校及学籍主管部门予以核办。"
        ),
        "computable": True,
        "note_zh": "转学由转入学校发起；省内转学的“纸质转学申请表”按 2.1.1 读作上传的附表1",
        "note_en": (
            "A transfer is started by the receiving school; inside the province the 'paper "
            "application' is read, with 2.1.1, as the uploaded 附表1"
        ),
    },
    {
        "id": "2.1.1",
        "parent": "2.1",
        "title_zh": "简化转学证明材料",
        "title_en": "Transfer materials simplified",
        "text": (
            "简化转学证明材料。按照教育部和省教育厅要求，通过学籍系统(含普通高中省网学籍系统)"
            "办理省内转学，除了要求家长提供学籍准确信息(如转出学校打印的学生基本信息表)"
            "和转入学校(接收学校)需要在学籍系统内上传说明转学原因的证明材料(附表1)之外，"
            "各地各学校不应再要求家长(学生)提供其他材料。除了因故需要先线下办理外，"
            "取消纸质转学审批表和证明材料。按照“籍随人走”的规定，转学必须双方学校同意，"
            "严禁任何学校未经对方学校同意接收学生，否则造成此类学生问题学籍、"
            "无学籍或就读年级学籍与电子学籍不一致等情况，一切责任由接收学校承担。"
        ),
        "computable": True,
        "note_zh": (
            "所需材料只有学籍基本信息表和附表1，不要求其他材料；须双方学校同意。"
            "学校是否向家长多要了材料，库无从得知，不作检查"
        ),
        "note_en": (
            "The only materials are the record's basic-information sheet and 附表1, nothing more; "
            "both schools must agree. Whether a school asked the family for more, the library "
            "cannot know and does not check"
        ),
    },
    {
        "id": "2.1.2",
        "parent": "2.1",
        "title_zh": "控制大班额",
        "title_en": "Class-size control",
        "text": (
            "严格控制大班额，县市教育主管部门应根据国家规定设置班额，"
            "因超出班额接收转学学生造成学生学籍无法入库，由学校自己负责。"
        ),
        "computable": True,
        "note_zh": (
            "班额标准与 2.1.6.1 共用同一参数；县可降低标准，不可提高：县定班额（学校的班额标准或参数"
            "覆盖）高于国家、省定标准即拒绝；国发〔2016〕40号的 56 人（大班额）、66 人（超大班额）是"
            "消除大班额的目标，不是接收转学的上限，本库不用"
        ),
        "note_en": (
            "The class-size standard is the same parameter as in 2.1.6.1; a county may lower the "
            "standard, not raise it: a county standard (a school's own or a parameter override) above "
            "the national/provincial one is refused; the 56 (大班额) and 66 (超大班额) of 国发〔2016〕40号 "
            "are targets for removing oversize classes, not a limit a transfer may fill up to, and the "
            "library does not use them"
        ),
    },
    {
        "id": "2.1.3",
        "parent": "2.1",
        "title_zh": "高中转学与休学学生转学",
        "title_en": "Senior transfers; suspended students",
        "text": (
            "普通高中学生转学暂按省网规定执行，但需在国网中同步操作。“休学”"
            "状态的学生应在原就读学校办理复学手续后再办理转学手续。"
        ),
        "computable": True,
        "note_zh": "休学学生须先复学，复学完成后才可发起转学（另见 2.1.6.4）",
        "note_en": (
            "A suspended student must first resume; only then may a transfer start (see also "
            "2.1.6.4)"
        ),
    },
    {
        "id": "2.1.4",
        "parent": "2.1",
        "title_zh": "转学限时办理",
        "title_en": "Transfers within a time limit",
        "text": (
            "实行限时办理制度，州内所有转学，转出教育主管部门和学校应在 10 个工作日内及时核办，"
            "完成转出电子学籍档案工作，跨市州、跨省转学及毕业后跨省就读，按照省教育厅相关规定执行，"
            "及时完成本地本学校相关工作。"
        ),
        "computable": True,
        "note_zh": (
            "10 个工作日自触发操作的次日起算，当日不计；跨市州、跨省转学“按照省教育厅相关规定执行”，"
            "其时限是没有默认值的参数 cross_prefecture_transfer_workdays：调用方设定（并注明依据）前"
            "不设期限、不报逾期"
        ),
        "note_en": (
            "The 10 working days count from the day after the triggering act; transfers across "
            "prefectures or provinces follow the province's rules, so their period is a parameter "
            "with no default, cross_prefecture_transfer_workdays: no due date and never overdue "
            "until a caller sets it (citing its reference)"
        ),
    },
    {
        "id": "2.1.5",
        "parent": "2.1",
        "title_zh": "不同学制间转学",
        "title_en": "Transfers between school systems",
        "text": (
            "规范不同学制的转学业务。义务教育阶段不同学制（如“六三制”、“五四制”等）"
            "地区间办理转学业务时，应按照 1-9 年级进行对应，原则上不得变更就读年级，"
            "保障学生完整接受 9 年义务教育。"
        ),
        "computable": True,
        "note_zh": "六三制与五四制都映射到义务教育第 1–9 年，转学前后的年份须相同",
        "note_en": (
            "Six-three and five-four both map onto compulsory years 1–9; the year must be the same "
            "before and after the transfer"
        ),
    },
    {
        "id": "2.1.6",
        "parent": "2.1",
        "title_zh": "不得转学的情形",
        "title_en": "Cases where transfer is not allowed",
        "text": "属于下列情况之一的，原则上不得转学：",
        "computable": True,
        "note_zh": "“原则上不得”读作拒绝，并列出所有适用的情形",
        "note_en": ("'In principle not' is read as a refusal that lists every case that applies"),
    },
    {
        "id": "2.1.6.1",
        "parent": "2.1.6",
        "title_zh": "班额已满不得接收",
        "title_en": "Receiving class at the size standard",
        "text": "班额已达到国家、省定标准的，不得接收转学学生。",
        "computable": True,
        "note_zh": (
            "“国家、省定标准”读作建标〔2002〕102号《城市普通中小学校校舍建设标准》的班额：小学 45 人、"
            "初中和高中 50 人（参数；省、县另定的标准只能更低）；班级人数已达标准即拒绝；"
            "拟转入班级的班额未知时无法判断，须提供班额，不同于按规则拒绝"
        ),
        "note_en": (
            "'The national and provincial standard' is read as the class sizes of 建标〔2002〕102号 "
            "(the urban school building standard): primary 45, junior and senior 50 (parameters; a "
            "province's or county's own standard can only be lower); a class already at the standard "
            "refuses; when the receiving class's size is unknown the rule cannot decide and asks for "
            "the class size, a different answer from a refusal by the rule"
        ),
    },
    {
        "id": "2.1.6.2",
        "parent": "2.1.6",
        "title_zh": "不得转入示范高中或一类模式",
        "title_en": "No transfer into model schools",
        "text": (
            "高中阶段非省级示范性普通高中转入省级示范性普通高中，非一类模式转入一类模式学校。"
        ),
        "computable": True,
        "note_zh": (
            "后半句（非一类模式转入一类模式）读作适用于各学段，与 6.1、6.3 一致；"
            "一类模式是学生（班级）的教学模式，不是学校的标签：学生的模式取学籍自身的，否则取其班级的，"
            "否则取只开设一种模式的学校的；转入方看拟转入班级的模式。所需的模式未知时不猜测，"
            "拒绝并说明须提供哪项事实"
        ),
        "note_en": (
            "The model-one half is read as applying at every stage, consistent with 6.1 and 6.3; "
            "model one is the student's (the class's) teaching mode, not the school's label: the "
            "student's mode is the record's own, else its class's, else that of a school running only "
            "one mode; the receiving side is the receiving class's mode. When a mode it needs is "
            "unknown the rule does not guess: it refuses and says which fact to give"
        ),
    },
    {
        "id": "2.1.6.3",
        "parent": "2.1.6",
        "title_zh": "毕业年级不得转学",
        "title_en": "No transfer in a graduation year",
        "text": "毕业年级（小学六年级、初中三年级、高中三年级）学生。",
        "computable": True,
        "note_zh": "毕业年级为小学六年级、初中三年级、高中三年级；五四制读作小学五年级和初四（各自学段的最后一年）",
        "note_en": (
            "Graduation years are primary 6, junior 3 and senior 3; under five-four, read as primary 5 "
            "and junior 4 (初四), the last year of each stage"
        ),
    },
    {
        "id": "2.1.6.4",
        "parent": "2.1.6",
        "title_zh": "休学期间不得转学",
        "title_en": "No transfer during suspension",
        "text": "学生在休学期间。",
        "computable": True,
        "note_zh": "以记录当前状态是否为休学判断",
        "note_en": "Judged by whether the record's current status is suspension",
    },
    {
        "id": "2.1.6.5",
        "parent": "2.1.6",
        "title_zh": "不得借转学留级降级",
        "title_en": "No transfer to repeat or skip a year",
        "text": "以转学手段实现留级或降级的学生。",
        "computable": True,
        "note_zh": "转入年份低于转出时的年份，即视为借转学留级或降级；转入更高年份由 2.1.5 拒绝",
        "note_en": (
            "A transfer into a lower year than the current one is treated as a retention or "
            "demotion by transfer; a higher year is refused under 2.1.5"
        ),
    },
    {
        "id": "2.2",
        "parent": None,
        "title_zh": "休学、复学",
        "title_en": "Suspension and resumption",
        "text": "休学、复学",
        "computable": True,
        "note_zh": "",
        "note_en": "",
    },
    {
        "id": "2.2.1",
        "parent": "2.2",
        "title_zh": "因病休学",
        "title_en": "Suspension for illness",
        "text": (
            "学生因病需要休学的，由学生及其监护人向学校提出书面申请，填写《休学申请表》（附表2），"
            "提交县级以上医疗机构诊断证明、缴费单据、入（出）院证、费用结算清单，"
            "并有建议出院休息治疗3个月以上的医院证明，学校同意后，"
            "需在全国学籍管理系统中上传以上材料，发起休学申请，经县（州）教育主管部门审核通过。"
        ),
        "computable": True,
        "note_zh": "“3个月以上”含恰好 3 个月；每缺一项证明材料都列入缺少的材料",
        "note_en": (
            "'3 months or more' includes exactly 3 months; each missing piece of evidence is "
            "listed as missing material"
        ),
    },
    {
        "id": "2.2.2",
        "parent": "2.2",
        "title_zh": "复学",
        "title_en": "Resumption",
        "text": (
            "学生身体恢复需要复学时，由学生及其监护人向学校提出书面申请，填写《复学申请表》"
            "（附表2），经学校同意，在全国学籍管理系统中上传复学证明材料，发起复学申请，县（州）"
            "教育主管部门核办通过。"
        ),
        "computable": True,
        "note_zh": (
            "复学须有附表2和复学证明材料（条文未列明其内容，库只核对已上传），"
            "经学校同意、县（州）教育主管部门核办"
        ),
        "note_en": (
            "Resumption needs 附表2 and the resumption evidence (not itemised by the text: the "
            "library checks only that it was uploaded), the school's consent and the county "
            "(prefecture) authority's approval"
        ),
    },
    {
        "id": "2.2.3",
        "parent": "2.2",
        "title_zh": "休学期限",
        "title_en": "Suspension limit",
        "text": (
            "学生休学期限一般不超过一年，休学期满应及时申请复学。休学期满，"
            "经学校与学生监护人联系后仍未复学或不按规定办理继续休学手续的，学校可以做其他离校处理。"
            "根据身体恢复情况和医生建议，经学校同意，学生可以提前申请复学。"
        ),
        "computable": True,
        "note_zh": "一年自休学生效日起算；期满未复学又未续休的，允许（而非强制）转为其他离校",
        "note_en": (
            "The year runs from the day the suspension takes effect; after it, without resumption "
            "or extension, other departure is allowed, not forced"
        ),
    },
    {
        "id": "2.2.4",
        "parent": "2.2",
        "title_zh": "继续休学",
        "title_en": "Extension of suspension",
        "text": (
            "休学期满因身体未康复仍不能复学的，由学生及其监护人向学校提出继续休学申请，"
            "提交县级以上医疗机构诊断证明，经学校同意后继续休学。"
        ),
        "computable": True,
        "note_zh": "续休需新的县级以上诊断证明和学校同意；文本未要求主管部门审核",
        "note_en": (
            "An extension needs new county-level medical evidence and the school's consent; the "
            "text asks for no authority approval"
        ),
    },
    {
        "id": "2.2.5",
        "parent": "2.2",
        "title_zh": "休学严格把关",
        "title_en": "Strict check on suspension",
        "text": (
            "学校应严格把关，在学生具备休学所需以上证明材料的基础上才能同意休学，"
            "严禁以降级或留级为目的办理休学。毕业年级学生办理休学，"
            "需具备相关材料并报州教育局备案审核。"
        ),
        "computable": True,
        "note_zh": "毕业年级同 2.1.6.3；毕业年级休学另需州教育局备案",
        "note_en": (
            "Graduation years as in 2.1.6.3; a graduation-year suspension must also be filed with "
            "the prefecture bureau"
        ),
    },
    {
        "id": "2.3",
        "parent": None,
        "title_zh": "留级、降级",
        "title_en": "Retention and demotion",
        "text": (
            "按照《义务教育法》、《学籍管理办法》的规定，义务教育阶段学生一律不允许留级、降级。"
            "如有学校自行留级、降级或者变相留级、降级，将追究学校主要负责人及相关人员责任。"
            "高中阶段学生可以申请留级，但学校必须严格控制，留级比例三年内不得超过年级学生总数的 "
            "2%。"
        ),
        "computable": True,
        "note_zh": (
            "高中留级须学生本人书面申请；2% 按每一级学生计算：同一学年在本校入读高一的学生为一级，"
            "该级学生在其高中三年内的留级人数不得超过该级入学时人数的 2%（参数，向下取整）；"
            "2% 是规定的上限，该参数可以调低，不能调高；"
            "留级计入学生离开的那一级；缺少该级数据时无法判断，须提供"
        ),
        "note_en": (
            "A senior retention is on the student's own written application; the 2 % is per cohort: "
            "the students who entered senior 1 at the school in the same school year; its members' "
            "retentions over its three senior years may not exceed 2 % of its size at entry (a "
            "parameter, rounded down); the 2 % is the regulation's maximum: the parameter may be "
            "lowered, never raised; a retention counts against the cohort the student leaves; "
            "without the cohort's figures the rule cannot decide and asks for them"
        ),
    },
    {
        "id": "2.4",
        "parent": None,
        "title_zh": "控辍保学",
        "title_en": "Dropout control",
        "text": "控辍保学",
        "computable": True,
        "note_zh": "",
        "note_en": "",
    },
    {
        "id": "2.4.1",
        "parent": "2.4",
        "title_zh": "辍学上报与保留学籍",
        "title_en": "Dropouts reported; records kept",
        "text": (
            "学校应将义务教育阶段学生辍学情况依法及时书面上报当地乡镇人民政府、"
            "县级教育行政部门和学籍主管部门，在义务教育年限内为其保留学籍，"
            "并利用电子学籍系统进行管理。义务教育阶段外来务工人员随迁子女辍学的，"
            "就读学校的学籍主管部门应于每学期末将学生学籍档案转交其户籍所在地县（区）教育行政部门。"
        ),
        "computable": True,
        "note_zh": (
            "“每学期末”读作学期的最后一天；学籍保留至义务教育年限结束；"
            "是否外来务工人员随迁子女由学校在置为辍学时登记（migrant_child），不由户籍推断，"
            "户籍在学校所在县市的学生不是转交外地的随迁子女；"
            "随迁子女辍学的学籍档案应于辍学当学期的最后一天前转交户籍所在地县（区）教育行政部门"
            "（MigrantArchiveHandover），学期按 8-11 至 2-10、2-11 至 8-10 计；"
            "学生在此之前返校则不再转交；到期未转交是审核的逾期项；"
            "转交后学生返校的，由其就读学校从该部门调回学籍档案（ReclaimArchive），不设期限；"
            "档案已由县级部门保管（此前转交未调回、撤销学校移交）时无可转交，审核不报"
        ),
        "note_en": (
            "'Each term end' is read as the term's last day; the record is kept until the "
            "compulsory years end; whether the student is a child of migrant workers is the "
            "school's statement when it sets the student to 辍学 (migrant_child), never inferred "
            "from the 户籍, and a 户籍 in the school's own county rules it out; such a dropout's "
            "archive goes to the education department of the 户籍's county (district) by the last "
            "day of the term of the dropout (MigrantArchiveHandover), terms running 8-11 to 2-10 "
            "and 2-11 to 8-10; a return to school before then ends the duty; an archive not handed "
            "over by then is an overdue finding of the audit; once handed over, a student who "
            "returns has the archive taken back from that department by the school attended "
            "(ReclaimArchive), with no time limit; an archive a county authority already holds "
            "(an earlier handover not taken back, a closed school's) has nothing to hand over and "
            "the audit does not report it"
        ),
    },
    {
        "id": "2.4.2",
        "parent": "2.4",
        "title_zh": "其他离校与疑似辍学",
        "title_en": "Other departure; suspected dropout",
        "text": (
            "对离校前未告知学校具体原因，离校时间超过 3 个月且联系不上的学生，"
            "学校应在学籍系统中将其置为“其他离校”状态；对因家庭原因并经学校动员仍未到校或明确不再读"
            "书的学生置为“疑似辍学”或“辍学”。"
        ),
        "computable": True,
        "note_zh": "“超过 3 个月”不含恰好 3 个月，且须同时未告知原因、联系不上",
        "note_en": (
            "'More than 3 months' excludes exactly 3 months, and the student must also have given "
            "no reason and be unreachable"
        ),
    },
    {
        "id": "2.4.3",
        "parent": "2.4",
        "title_zh": "辍学返校",
        "title_en": "Return of dropouts",
        "text": (
            "全国学籍系统控辍保学允许辍学学生返校就读，各县市各学校需保证学生接受满 9 年义务教育，"
            "辍学学生返校应接续相应年级。严禁利用控辍保学功能实现学生变相留级。"
        ),
        "computable": True,
        "note_zh": "“相应年级”读作离校时所在的年份，返校不得低于该年份",
        "note_en": (
            "'The matching grade' is read as the year the student left; a return may not go below "
            "it"
        ),
    },
    {
        "id": "2.5",
        "parent": None,
        "title_zh": "学生死亡",
        "title_en": "Death of a student",
        "text": (
            "学校凭相关证明在 10 个工作日内通过电子学籍系统将死亡学生信息报学籍主管部门，"
            "并在学籍管理系统中操作“死亡”（操作“死亡”的学籍信息系统不可恢复）。"
        ),
        "computable": True,
        "note_zh": "10 个工作日自学校取得证明之日的次日起算；死亡为终止状态，不可撤销",
        "note_en": (
            "The 10 working days count from the day after the school gets the proof; death is "
            "terminal and never undone"
        ),
    },
    {
        "id": "3.1",
        "parent": None,
        "title_zh": "毕业与升级",
        "title_en": "Graduation and promotion",
        "text": (
            "各校需按照学籍系统操作办法确保学生的毕业操作在每年 7 月 30 日之前完成。每年 8 月 10 "
            "日 24 时，教育部在全国学籍系统后台统一对非毕业年级学生进行升级操作。"
            "各县市教育主管部门应严格把关，小学六年级、初中三年级毕业生不可以随意回退，"
            "严禁回退毕业生以实现义务教育阶段学生复读。"
        ),
        "computable": True,
        "note_zh": (
            "7 月 30 日当日在期限内；“8 月 10 日 24 时”是 8 月 10 日的最后时刻：升级操作记为 8 月 10 日，"
            "新学年自 8 月 11 日起"
        ),
        "note_en": (
            "30 July is included; '10 August 24:00' is the last instant of 10 August: the promotion is "
            "dated 10 August and the new school year starts on 11 August"
        ),
    },
    {
        "id": "3.2",
        "parent": None,
        "title_zh": "招生管理",
        "title_en": "Admission",
        "text": (
            "全国学籍系统招生操作技术上允许初、高中一年级新生采用统一招生和自主招生两种方式，"
            "从上一教育阶段毕业生中录取，直接接续原有学籍档案信息。"
            "各县市要严格按照义务教育阶段学校划片招生、就近入学政策，逐年控制跨片区招收学生的比例；"
            "普通高中实行属地招生原则，严格执行州教育局、州招考办制定的招生文件，未经州教育局批准，"
            "不得跨区域招生。如因家长工作调动、进城务工等因素确需跨区域就读，"
            "需严格按照相关程序办理转学等手续。"
        ),
        "computable": True,
        "note_zh": "高中跨区域招生须有州教育局批准（区域读作县市）；本规定不设跨片区比例，县设定的比例随招生操作一并提供时才核对，超过则拒绝（CatchmentQuota：比例、文件、当年人数），未提供时允许并注明未核对；“一年级新生”读作升入学校学制下的初中（高中）一年级，但不得因此少读一年义务教育；未给出片区时按户籍地行政区划代码（未给出则取身份证号前 6 位，即发证地，未必是现户籍地）与学校所在县市的代码判断是否跨片区，不按户籍文字匹配县名，无法判断时不拒绝并注明未能核对",
        "note_en": (
            "Senior cross-area admission needs the prefecture bureau's approval (an area is read as a county); the regulation sets no cross-catchment ratio, so the county's ratio is checked only when it comes with the act (CatchmentQuota: ratio, document, this year's figures) and refuses only when exceeded, otherwise the admission is allowed with a note that it was not checked; 一年级新生 is read as the first junior (senior) year under the admitting school's 学制, never skipping a compulsory year; without the host's catchment answer, cross-catchment is decided by the 户籍 region code (else the ID number's first six digits: where it was issued, not necessarily the current 户籍) against the school county's code, never by matching the county's name in the 户籍 text, and when it cannot be decided the admission is not refused but says the catchment could not be checked"
        ),
    },
    {
        "id": "3.3",
        "parent": None,
        "title_zh": "重复招生处理",
        "title_en": "Duplicate enrollment",
        "text": (
            "重复招生，学生实际就读学校必须上传《学生实际就读证明表》（附表3）作为佐证，"
            "对方学校删除，双方学校教育主管部门核办。"
        ),
        "computable": True,
        "note_zh": "被删除的重复学籍保留其历史，进入终止状态",
        "note_en": "The removed duplicate keeps its history and ends in a terminal state",
    },
    {
        "id": "4",
        "parent": None,
        "title_zh": "关键数据变更",
        "title_en": "Key data changes",
        "text": (
            "系统设置了学生学籍关键数据信息，根据《学籍管理办法》第二章第十条，"
            "如学生父母或其他监护人提出修改学生基础信息的，凭公安部门提供的户籍证明向学校提出申请，"
            "由学校按照关键信息变更相关要求核准变更学籍信息，"
            "并在系统中提交关键数据变更证明材料扫描件。"
        ),
        "computable": True,
        "note_zh": (
            "缺公安部门户籍证明或其扫描件的变更一律拒绝；"
            "本条对 G 字头学籍号的学生不设例外：凭户籍证明更正身份证号后学籍号不变，"
            "原身份证号记入学籍历史，G 字头学籍号可与更正后的身份证号不同"
            "（教育部《中小学生学籍管理常见问题及解答》：学籍号一人一号、原则上终身不变，"
            "身份证号发生变化等特殊情况下二者可不相同；2016 年 8 月 31 日发布，"
            "据人民日报 2016 年 9 月 1 日报道，文号未能核实）；"
            "户籍地行政区划代码与户籍所在地同属户籍证明证明的关键数据，户籍迁移须凭户籍证明变更"
        ),
        "note_en": (
            "A change without the police household-registration proof or its scan is refused; "
            "the clause makes no exception for G student numbers: with the proof the ID number is "
            "corrected, the student number stays, the old ID number is kept in the history, and "
            "the G number may then differ from the corrected ID number (the Ministry of "
            "Education's Q&A 中小学生学籍管理常见问题及解答, published 2016-08-31 as reported by "
            "People's Daily on 2016-09-01, document number not verified: one number per student, "
            "in principle for life, and the two may differ when the ID number changes); the "
            "户籍's region code is key data like the 户籍所在地 it codes, which the police proof "
            "attests: a 户籍 move changes it only on the proof"
        ),
    },
    {
        "id": "5",
        "parent": None,
        "title_zh": "一个月内建立学籍档案",
        "title_en": "Archive within one month",
        "text": "根据《学籍管理办法》规定：学生入学1个月内学校应当为其建立学籍档案。",
        "computable": True,
        "note_zh": "“1个月”读作至入学日次月的同一日（该月无此日则为月末）",
        "note_en": (
            "'One month' runs to the same day of the next month (or that month's last day when it "
            "has none)"
        ),
    },
    {
        "id": "5.1",
        "parent": "5",
        "title_zh": "学籍档案内容",
        "title_en": "Archive contents",
        "text": "学生学籍档案内容包括：……学籍基础信息表由教育部统一制订。",
        "computable": True,
        "note_zh": "档案清单按 5.1.1–5.1.7 逐项检查",
        "note_en": "The archive checklist is checked item by item, 5.1.1–5.1.7",
    },
    {
        "id": "5.1.1",
        "parent": "5.1",
        "title_zh": "学籍基础信息及变动",
        "title_en": "Basic record data and changes",
        "text": "学籍基础信息及信息变动情况；",
        "computable": True,
        "note_zh": "",
        "note_en": "",
    },
    {
        "id": "5.1.2",
        "parent": "5.1",
        "title_zh": "学籍信息证明材料",
        "title_en": "Evidence for record data",
        "text": "学籍信息证明材料（户籍证明、转学申请、休学申请等）；",
        "computable": True,
        "note_zh": "",
        "note_en": "",
    },
    {
        "id": "5.1.3",
        "parent": "5.1",
        "title_zh": "综合素质发展报告",
        "title_en": "All-round development report",
        "text": (
            "综合素质发展报告（含学业水平考试信息、体育运动技能与艺术特长、"
            "参加社区服务和社会实践情况等）；"
        ),
        "computable": True,
        "note_zh": "",
        "note_en": "",
    },
    {
        "id": "5.1.4",
        "parent": "5.1",
        "title_zh": "体质健康与预防接种",
        "title_en": "Fitness, health checks, vaccinations",
        "text": "体质健康测试及健康体检信息、预防接种信息等；",
        "computable": True,
        "note_zh": "",
        "note_en": "",
    },
    {
        "id": "5.1.5",
        "parent": "5.1",
        "title_zh": "在校获奖信息",
        "title_en": "Awards while at school",
        "text": "在校期间的获奖信息；",
        "computable": True,
        "note_zh": "",
        "note_en": "",
    },
    {
        "id": "5.1.6",
        "parent": "5.1",
        "title_zh": "享受资助信息",
        "title_en": "Financial aid received",
        "text": "享受资助信息；",
        "computable": True,
        "note_zh": "",
        "note_en": "",
    },
    {
        "id": "5.1.7",
        "parent": "5.1",
        "title_zh": "省级规定的其他材料",
        "title_en": "Other provincial items",
        "text": "省级教育行政部门规定的其他信息和材料。",
        "computable": True,
        "note_zh": "省级规定的其他项目为可配置的附加清单项",
        "note_en": "Other provincial items are a configurable addition to the checklist",
    },
    {
        "id": "5.2",
        "parent": "5",
        "title_zh": "电子档案和纸质档案",
        "title_en": "Electronic and paper archives",
        "text": (
            "学籍档案分为电子档案和纸质档案。电子档案通过电子学籍系统管理，"
            "纸质档案由学校学籍管理员负责管理。"
        ),
        "computable": True,
        "note_zh": (
            "每份档案都记录其电子部分和纸质部分，缺一部分即拒绝建档；"
            "纸质部分由持有档案的学校（其学籍管理员）保管"
        ),
        "note_en": (
            "Each archive records its electronic and its paper part, and is refused without "
            "either; the paper part is kept by the school holding the archive (its registrar)"
        ),
    },
    {
        "id": "5.3",
        "parent": "5",
        "title_zh": "学籍档案的转移",
        "title_en": "Moving the archive",
        "text": (
            "学生转学或在基础教育阶段升学时，学籍档案应当转至转入学校或升入学校，"
            "转出学校或毕业学校应保留电子档案备份，同时保留必要的纸质档案复印件。"
            "学生最后终止学业的学校应当归档永久保存学生的学籍档案，或按相关规定办理。学校合并的，"
            "其学籍档案移交并入学校管理。学校撤销的，其学籍档案移交县级教育主管部门管理。"
        ),
        "computable": True,
        "note_zh": "",
        "note_en": "",
    },
    {
        "id": "5.3.1",
        "parent": "5.3",
        "title_zh": "转学升学档案随转",
        "title_en": "Archive follows transfer and admission",
        "text": (
            "学生转学或在基础教育阶段升学时，学籍档案应当转至转入学校或升入学校，"
            "转出学校或毕业学校应保留电子档案备份，同时保留必要的纸质档案复印件。"
            "学生最后终止学业的学校应当归档永久保存学生的学籍档案，或按相关规定办理。"
        ),
        "computable": True,
        "note_zh": (
            "“永久保存”读作学业终止后档案不得销毁；原学校保留电子备份和纸质复印件；本条未给档案转接"
            "设期限（第 5 条的 1 个月是建档期限），故转接不设期限；调用方可设 archive_move_months"
            "（没有默认值），超过仍未转接只作提示"
        ),
        "note_en": (
            "'Kept permanently' means the archive is never destroyed after schooling ends; the old "
            "school keeps an electronic backup and paper copies. The clause gives the move no time "
            "limit (clause 5's month is for creating the archive), so the move has no due date; a "
            "caller may set archive_move_months (no default), and an archive unmoved past it is "
            "only a notice"
        ),
    },
    {
        "id": "5.3.2",
        "parent": "5.3",
        "title_zh": "学校合并",
        "title_en": "Merged school",
        "text": "学校合并的，其学籍档案移交并入学校管理。",
        "computable": True,
        "note_zh": "只移交档案的保管，学籍本身不随之变动",
        "note_en": "Only the archives' custody moves; the records themselves stay as they are",
    },
    {
        "id": "5.3.3",
        "parent": "5.3",
        "title_zh": "学校撤销",
        "title_en": "Closed school",
        "text": "学校撤销的，其学籍档案移交县级教育主管部门管理。",
        "computable": True,
        "note_zh": (
            "撤销学校的档案由所在县级教育主管部门接收；学生转入或升入其他学校后，"
            "由该校从县级教育主管部门调回（ReclaimArchive），撤销学校不再调回；调回不设期限"
        ),
        "note_en": (
            "A closed school's archives go to its county authority; once the student transfers "
            "or is admitted elsewhere, that school takes the archive back from the authority "
            "(ReclaimArchive), never the closed school; the text sets the taking back no time "
            "limit"
        ),
    },
    {
        "id": "6.1",
        "parent": None,
        "title_zh": "义务教育一类模式学籍",
        "title_en": "Compulsory model one (Yi-medium)",
        "text": (
            "义务教育阶段一类模式学生学籍由学校所在县（市）负责管理，"
            "并于每年9月30日前将义务教育阶段起始年级（小学一年级、初中一年级)"
            "学生的学籍报州教育局民族教育科备案。小学非一类模式学校毕业生升入初中一类模式学校,"
            "必须按照相关规定通过检测择优录取。严禁一类模式学校中途接收转入非一类模式学生学籍或为非"
            "一类模式学生空挂学籍。"
        ),
        "computable": True,
        "note_zh": (
            "9 月 30 日当日在期限内；“中途接收”读作起始年级入学以外的任何转入；"
            "“一类模式学生”读作学生（班级）的教学模式，一所学校可同时开设一类、二类班级："
            "备案、空挂学籍、检测录取和中途转入都按学生的模式判断，而非学校的标签；模式未知时不猜测，"
            "说明须提供的事实；学生自身登记的模式与其班级（班级未登记时为学校）的模式不一致时，"
            "以学生的为准，审核列为提示（数据自相矛盾，高中阶段列于 6.3）"
        ),
        "note_en": (
            "30 September is included; 'mid-way' means any transfer in other than enrollment in "
            "the starting grade; a 'model-one student' is read by the student's (the class's) "
            "teaching mode, and a school may run both model-one and model-two classes: the filing, "
            "empty records, the admission test and mid-way transfers all go by the student's mode, "
            "not the school's label; an unknown mode is never guessed, the rule says which fact to "
            "give; a student's own recorded mode that differs from its class's (the school's when "
            "the class lists none) prevails, and the audit lists it as a notice (the data "
            "contradict each other; under 6.3 for a senior grade)"
        ),
    },
    {
        "id": "6.2",
        "parent": None,
        "title_zh": "高中一类模式学籍",
        "title_en": "Senior model one (Yi-medium)",
        "text": (
            "一类模式普通高中学生学籍由州、县(市)共同管理。"
            "一类模式普通高中学校必须严格按照我州高中阶段招生规定进行招生,并于每年8月25日前,"
            "将录取的一类模式高一年级新生名册和中考成绩汇总表报州教育局民族教育科按相关规定进行审核"
            ",审核通过后方能注册学籍。学籍注册工作结束后,"
            "由州教育局将一类模式普通高中学生名册报省教育厅民族教育处审核备案,"
            "取得一类模式高考资格。"
        ),
        "computable": True,
        "note_zh": "8 月 25 日当日在期限内；州教育局审核通过前注册学籍一律拒绝",
        "note_en": (
            "25 August is included; registration before the prefecture bureau's approval is refused"
        ),
    },
    {
        "id": "6.3",
        "parent": None,
        "title_zh": "高中一类模式不得中途转入",
        "title_en": "No mid-way entry to model one senior",
        "text": (
            "严格贯彻执行《四川省教育厅关于加强一类模式高中学生学籍管理意见的通知》"
            "(川教函〔2013〕746号),严禁一类模式普通高中学校中途接收转入非一类模式学生学籍或为非一类"
            "模式学生空挂学籍,保证一类模式普通高中学校学生学籍的准确、稳定。"
        ),
        "computable": True,
        "note_zh": "与 6.1 的禁止相同，适用于高中阶段；按学生（班级）的教学模式判断，而非学校的标签",
        "note_en": (
            "The same ban as in 6.1, for the senior stage; judged by the student's (the class's) "
            "teaching mode, not the school's label"
        ),
    },
    {
        "id": "7.1",
        "parent": None,
        "title_zh": "数据安全与承诺书",
        "title_en": "Data security and pledge",
        "text": (
            "各级教育行政部门和学校要加强警示教育,提高各级学籍系统管理人员的保密和警惕意识。"
            "要根据《学籍管理办法》和数据导出使用等有关要求,切实做好用户账号与密码管理、"
            "学籍数据安全使用、工作机器的病毒与木马防护等工作。要建立严格的内部牵制监督制度,"
            "层层签订《全国中小学生学籍信息管理系统数据管理安全承诺书》(附表4),"
            "确保数据信息不人为泄露。"
        ),
        "computable": False,
        "note_zh": "库在 repr、日志、错误和报告中默认遮蔽身份证号、姓名和电话；提供附表4",
        "note_en": (
            "The library masks ID numbers, names and phone numbers by default in reprs, logs, "
            "errors and reports, and prints 附表4"
        ),
    },
    {
        "id": "7.2",
        "parent": None,
        "title_zh": "学籍管理员培训与持证",
        "title_en": "Registrar training and certification",
        "text": (
            "加强学籍管理员培训，提升服务水平。各县市应建立学籍管理员持证上岗制度，"
            "保证学籍管理员至少接受一次学籍系统运用管理培训，"
            "力争使各级学籍管理员全面理解每一个问题的解决原则和解决办法。"
            "要充分调动学籍管理员工作积极性，根据学校规模科学核定工作量，在职称评定、"
            "绩效考核等方面考虑相关因素后适当予以倾斜。要建立备案制度，保持学籍管理员队伍稳定。"
            "学籍管理人员要严格执行各级教育主管部门的相关规定，严禁擅自处理如义务教育阶段学生留级、"
            "违规转学等业务。"
        ),
        "computable": True,
        "note_zh": ("培训与持证作为记录保存；义务教育留级、违规转学等禁止的操作无论谁发起都被拒绝"),
        "note_en": (
            "Training and certification are kept as records; forbidden operations such as "
            "compulsory-stage retention or irregular transfers are refused whoever asks"
        ),
    },
    {
        "id": "7.3",
        "parent": None,
        "title_zh": "每周至少登录2次",
        "title_en": "Log in at least twice a week",
        "text": "各级学籍管理员平时应每周至少登录2次学籍系统，及时处理待办业务。",
        "computable": True,
        "note_zh": "“每周”读作自然周（周一至周日），按登录日志检查至少 2 次",
        "note_en": (
            "'A week' is a calendar week, Monday to Sunday; the login log is checked for at least "
            "two logins"
        ),
    },
    {
        "id": "8.1",
        "parent": None,
        "title_zh": "每学期复核学籍",
        "title_en": "Records reviewed each term",
        "text": (
            "学校应当每学期复核学生学籍，确保学籍变动手续完备、学生基本信息和学籍变动信息准确。"
        ),
        "computable": True,
        "note_zh": "学期读作 8-11 至次年 2-10、2-11 至 8-10；复核检查每学期有复核记录、没有久未办结的异动、基本信息完备",
        "note_en": (
            "A term is read as 8-11 to 2-10 and 2-11 to 8-10; the review check looks for a review each term, no long-open workflow and complete basic data"
        ),
    },
    {
        "id": "8.2",
        "parent": None,
        "title_zh": "学籍信息保密",
        "title_en": "Record data kept confidential",
        "text": (
            "学校要建立严格的保密制度。未经学籍主管部门书面批准，学籍信息一律不得向外提供，"
            "严防学籍信息外泄和滥用。"
        ),
        "computable": True,
        "note_zh": "任何向外提供（遮蔽与否）都须有学籍主管部门的书面批准（“一律”），否则拒绝；有批准时个人信息仍默认遮蔽，调用者明确要求才给完整数据",
        "note_en": (
            "Every export out of the school, masked or not, needs the status authority's written "
            "approval (一律); without it the export is refused. With it, personal data are still "
            "masked by default and given in full only when the caller asks"
        ),
    },
    {
        "id": "8.3",
        "parent": None,
        "title_zh": "学校应担责的情形",
        "title_en": "Breaches a school answers for",
        "text": (
            "学校在学籍管理中有下列情形之一的，由其教育主管部门责令整改；情节严重的，"
            "追究校长和相关人员责任："
        ),
        "computable": True,
        "note_zh": "每种情形对应批量审计中的一项检查",
        "note_en": "Each breach is one check in the batch audit",
    },
    {
        "id": "8.3.1",
        "parent": "8.3",
        "title_zh": "未建立学籍档案",
        "title_en": "No archive for an admitted student",
        "text": "不为已接收学生建立学籍档案的；",
        "computable": True,
        "note_zh": "以第 5 条的一个月期限判断",
        "note_en": "Judged by the one-month limit of clause 5",
    },
    {
        "id": "8.3.2",
        "parent": "8.3",
        "title_zh": "以虚假信息建籍",
        "title_en": "Record built on false data",
        "text": "以虚假信息建立学籍或学籍档案的；",
        "computable": True,
        "note_zh": "读作：为并不在本校就读的学生注册学籍（1.1）；本库没有其他来源可证明注册信息虚假。未做全省查询、已有学籍仍注册、未依据户口或公安身份信息建档属于 1.2 的程序问题，另行报告，不称“虚假信息”",
        "note_en": "Read as: a student registered at a school they do not attend (1.1); the library has no other source to prove registration data false. Registering without the province-wide lookup, over an existing record, or not from 户口/police data is a lapse of 1.2's procedure, reported under 1.2, not as false information",
    },
    {
        "id": "8.3.3",
        "parent": "8.3",
        "title_zh": "异动未及时入档",
        "title_en": "Status changes not filed in time",
        "text": "不及时把学籍变动信息纳入学籍档案的；",
        "computable": True,
        "note_zh": (
            "读作：学籍当前状态或年级与其历史记录的最后状态不一致；"
            "并与学籍档案比较：档案最后一次纳入学籍基础信息及信息变动情况（建立档案或归档 5.1.1）之后的"
            "状态变动、年级变动（教育部统一升级除外）和基本信息变更，到首项变动当学期末（按 8.1 的学期）"
            "仍未归档的，列出这些差异（基本信息只列字段名）；转学后档案转接归 8.3.6"
        ),
        "note_en": (
            "Read as: the record's status or grade differs from the state its history ends in; and "
            "compared with its archive: the status changes, grade changes (not the Ministry's "
            "yearly promotion) and basic-information changes since the archive last took in the "
            "basic information and its changes (its creation, or a 5.1.1 filing), still not filed "
            "by the end of the term (8.1's terms) of the first of them, are listed (basic "
            "information by field name only); the archive following a transfer is 8.3.6's"
        ),
    },
    {
        "id": "8.3.4",
        "parent": "8.3",
        "title_zh": "未及时报告辍学",
        "title_en": "Dropout not reported in time",
        "text": "不及时报告义务教育阶段学生辍学情况的；",
        "computable": True,
        "note_zh": "以 2.4.1 的书面上报为准",
        "note_en": "Judged by the written report of 2.4.1",
    },
    {
        "id": "8.3.5",
        "parent": "8.3",
        "title_zh": "接收学生未办转学",
        "title_en": "Student received without transfer",
        "text": "接收学生不为其办理转学手续的；",
        "computable": True,
        "note_zh": "读作：学籍换了学校，却不是经由办结的转学、升学或返校",
        "note_en": "Read as: the record changed school by anything but a completed transfer, an admission or a return",
    },
    {
        "id": "8.3.6",
        "parent": "8.3",
        "title_zh": "未按规定转接档案",
        "title_en": "Archive not moved as required",
        "text": "不按规定为学生转接学籍档案的；",
        "computable": True,
        "note_zh": (
            "读作：档案转出时原学校未保留电子备份或必要的纸质复印件；档案尚未转接不算违规"
            "（5.3.1 未设期限），仅在调用方设定 archive_move_months 后作提示"
        ),
        "note_en": (
            "Read as: the archive moved without the old school keeping the electronic backup or "
            "the paper copies; an archive not yet moved is no breach (5.3.1 sets no limit), only a "
            "notice once a caller sets archive_move_months"
        ),
    },
    {
        "id": "8.3.7",
        "parent": "8.3",
        "title_zh": "泄露或非法使用信息",
        "title_en": "Record data leaked or misused",
        "text": "泄露或非法使用学生学籍信息的；",
        "computable": True,
        "note_zh": "读作：记录在案的任何向外提供（遮蔽与否）没有书面批准",
        "note_en": "Read as: a recorded export, masked or not, without the written approval",
    },
    {
        "id": "8.3.8",
        "parent": "8.3",
        "title_zh": "变相留级",
        "title_en": "Disguised retention",
        "text": "擅自利用学籍系统操作技术让义务教育阶段学生变相留级的；",
        "computable": True,
        "note_zh": "读作：义务教育阶段的就读年份在两条历史记录之间下降",
        "note_en": "Read as: a compulsory year that decreases between two history entries",
    },
    {
        "id": "8.3.9",
        "parent": "8.3",
        "title_zh": "一类模式违规接收或空挂",
        "title_en": "Model one mid-way entry or empty record",
        "text": "一类模式学校中途接收转入非一类模式学生学籍或为非一类模式学生空挂学籍的；",
        "computable": True,
        "note_zh": (
            "读作：非一类模式学生（按学生自身或其班级的教学模式）中途转入一类模式班级，"
            "或一类模式班级的学籍实际不在校就读；历史中未记录学生的模式、学校又开设多种模式时，"
            "列为提示（无法核查），不列为违规"
        ),
        "note_en": (
            "Read as: a non-model-one student (by the student's own or the class's teaching mode) "
            "transferred mid-way into a model-one class, or a model-one class's record of a student "
            "who does not attend; when the history does not record the student's mode and the "
            "school runs several modes, a notice (cannot be checked), not a breach"
        ),
    },
    {
        "id": "8.3.10",
        "parent": "8.3",
        "title_zh": "其他违规行为",
        "title_en": "Other breaches",
        "text": "违反本办法规定的其他行为。",
        "computable": True,
        "note_zh": "读作：重放学籍历史，任何被规则拒绝的操作（依赖当时学校状态的理由除外）归入此项",
        "note_en": "Read as: replaying a record's history, any act a rule refuses (except reasons that depend on the schools' state at the time) falls here",
    },
    {
        "id": "8.4",
        "parent": None,
        "title_zh": "未尽事宜与施行日期",
        "title_en": "Matters not covered; entry into force",
        "text": (
            "本《规定》中没有涉及的业务操作，按《学籍管理办法》、"
            "《全国中小学学籍信息管理系统操作手册》及教育部、省教育厅相关规定执行。本《规定》"
            "于发文之日起执行。"
        ),
        "computable": True,
        "note_zh": (
            "超出本规定的操作得到一个决定，注明适用的上级规定（教育部《中小学生学籍管理办法》，"
            "教基一〔2013〕7号；全国学籍系统操作手册；教育部、省教育厅相关规定）；自 2016-08-11 起施行"
        ),
        "note_en": (
            "An act outside this regulation gets a decision naming the higher rules (the "
            "Ministry's 中小学生学籍管理办法, 教基一〔2013〕7号; the national system's manual; the "
            "Ministry's and the province's rules); in force from 2016-08-11"
        ),
    },
    {
        "id": "8.5",
        "parent": None,
        "title_zh": "外籍及港澳台学生",
        "title_en": "Foreign, HK, Macao, Taiwan students",
        "text": "外籍学生和港澳台学生学籍管理，按照教育部、省教育厅相关规定执行。",
        "computable": True,
        "note_zh": (
            "默认适用：学生的来源（Student.origin）未给出时按身份证号判断——港澳台居民居住证号码"
            "地址码 810000 为香港、820000 为澳门、830000 为台湾（国办发〔2018〕81号第三条），"
            "行政区划代码 71 亦为台湾，其他为境内；无身份证号的 J 字头学籍号学生来源不明，须注明。"
            "对外籍、港澳台或来源不明的学生，evaluate/apply 一律拒绝并只注明 8.5：应按教育部、省教育厅"
            "相关规定办理，本库不以本规定代为判断，也不放行（来源不明时为“无法判断：请注明来源”）；"
            "审核对此类学生各报一条 8.5 提示，"
            "外籍和港澳台学生不再做本规定的检查，来源不明者照常检查"
        ),
        "note_en": (
            "Applied by default: without a given origin (Student.origin) the ID number says it — "
            "the residence permits of Hong Kong, Macao and Taiwan residents carry the address "
            "codes 810000, 820000 and 830000 (国办发〔2018〕81号, article 3), region code 71 is "
            "Taiwan too, any other the mainland; a J-numbered student without an ID number is of "
            "unknown origin until it is stated. For a foreign, Hong Kong, Macao or Taiwan student, "
            "or one of unknown origin, evaluate/apply refuse with 8.5 alone: the act follows the "
            "Ministry's and the province's rules, which the library neither judges by this "
            "regulation nor lets through (for an unknown origin the answer is 'cannot decide: give "
            "the origin'); the audit reports each such student once under 8.5, "
            "runs none of this regulation's checks on a foreign, Hong Kong, Macao or Taiwan "
            "student and still checks a student of unknown origin"
        ),
    },
    {
        "id": "F1",
        "parent": None,
        "title_zh": "附表1 转学申请登记表",
        "title_en": "Form 1: transfer application",
        "text": (
            "义务教育阶段学生转学申请登记表……说明：1. "
            "本申请表可作为转学联系信息和转学电子证明材料使用。2. "
            "全国学籍系统使用本申请表作为转学电子证明材料时，只需拟转入学校签署意见和盖章。3. "
            "用于其他用途时，由当地教育主管部门确定需要签署意见和盖章的各方单位。"
        ),
        "computable": True,
        "note_zh": "用于全国学籍系统时只需拟转入学校签署意见和盖章（说明 2）",
        "note_en": (
            "For the national system only the receiving school's opinion and seal are needed (note "
            "2)"
        ),
    },
    {
        "id": "F2",
        "parent": None,
        "title_zh": "附表2 休（复）学申请表",
        "title_en": "Form 2: suspension/resumption",
        "text": (
            "义务教育阶段学生休（复）学申请表……说明：1. "
            "本申请表可作为休学信息和休学电子证明材料使用。2. 使用本申请表时，"
            "家长还需同时向学校提交学生的休（复）学的相关证明，学校签署意见和盖章后，"
            "主管教育局审核所上交的材料并签署意见并盖章，由学校存档。3. 休（复）"
            "学时间请严格按《管理细则》的规定时限执行。"
        ),
        "computable": True,
        "note_zh": "说明 3 的《管理细则》读作本规定（2.2 的期限）",
        "note_en": (
            "The 《管理细则》 of note 3 is read as this regulation (the time limits of 2.2)"
        ),
    },
    {
        "id": "F3",
        "parent": None,
        "title_zh": "附表3 实际在校就读证明",
        "title_en": "Form 3: proof of attendance",
        "text": "学生实际在校就读证明表",
        "computable": True,
        "note_zh": "重复学籍中由实际就读学校上传（3.3）",
        "note_en": "Uploaded by the school actually attended in a duplicate enrollment (3.3)",
    },
    {
        "id": "F4",
        "parent": None,
        "title_zh": "附表4 数据管理安全承诺书",
        "title_en": "Form 4: data security pledge",
        "text": (
            "凉山州全国中小学生学籍信息管理系统数据管理安全承诺书根据业务工作需要和学籍管理技术保障"
            "能力,现申请按照有关规定对全国中小学生学籍信息管理系统(以下简称全国学籍系统)"
            "本级数据进行管理,并承诺以下事项。"
        ),
        "computable": True,
        "note_zh": "州、县市、学校每一级各签一份（7.1）",
        "note_en": "Signed once at every level: prefecture, county and school (7.1)",
    },
)
