package main

// The demo mall: a handful of shops of different kinds, in both of the
// mall's languages, with the variety a real catalogue has (sizes and
// colours, sales, sold-out and low-stock variants, featured products).

type demoShop struct {
	Slug        string
	Name        string
	Description string
	Theme       string
	// Owner is the name of the shop's owner.
	Owner       string
	Locale      string
	BothLocales bool
	// Pending shops have applied and wait for the operator.
	Pending      bool
	CommissionBP int
	Categories   []demoCategory
	Products     []demoProduct
}

type demoCategory struct {
	Slug string
	Name string
}

type demoProduct struct {
	Title       string
	Slug        string
	Category    string
	Description string
	Tags        []string
	Featured    bool
	Options     []string
	Variants    []demoVariant
	// Alt describes the product picture for people who cannot see it.
	Alt string
}

type demoVariant struct {
	Options   []string
	Price     int64
	CompareAt int64
	Stock     int
}

// one is a product with a single variant.
func one(price, compareAt int64, stock int) []demoVariant {
	return []demoVariant{{Price: price, CompareAt: compareAt, Stock: stock}}
}

// sized gives one variant per option value at the same price.
func sized(price, compareAt int64, stock []int, values ...string) []demoVariant {
	out := make([]demoVariant, len(values))
	for i, v := range values {
		out[i] = demoVariant{Options: []string{v}, Price: price, CompareAt: compareAt, Stock: stock[i%len(stock)]}
	}
	return out
}

// grid gives one variant per pair of option values (size × colour).
func grid(price int64, stock []int, sizes, colours []string) []demoVariant {
	var out []demoVariant
	for i, s := range sizes {
		for j, c := range colours {
			out = append(out, demoVariant{Options: []string{s, c}, Price: price, Stock: stock[(i*len(colours)+j)%len(stock)]})
		}
	}
	return out
}

var demoShops = []demoShop{
	{
		Slug: "xihu-tea", Owner: "陈雨桐", Name: "西湖茶舍", Theme: "#4a7c59", Locale: "zh-Hans", CommissionBP: 500,
		Description: "杭州西湖边的家庭茶舍，三代人做茶。明前龙井、白茶、红茶与岩茶，产地直发，每一批都有采摘日期。",
		Categories:  []demoCategory{{"green-tea", "绿茶"}, {"white-tea", "白茶"}, {"black-tea", "红茶与乌龙"}, {"teaware", "茶具"}},
		Products: []demoProduct{
			{Title: "西湖龙井 明前特级", Slug: "longjing-mingqian", Category: "green-tea", Featured: true, Tags: []string{"龙井", "明前", "绿茶"},
				Description: "**狮峰山明前龙井**，清明前手工采摘一芽一叶。\n\n- 产地：杭州西湖龙井村\n- 采摘：2026年3月\n- 冲泡：80℃ 水，玻璃杯下投法\n\n豆花香明显，汤色嫩绿明亮。",
				Options:     []string{"规格"}, Variants: []demoVariant{{[]string{"50克"}, 16800, 19800, 24}, {[]string{"100克"}, 32000, 0, 3}, {[]string{"250克 礼盒"}, 76000, 88000, 0}},
				Alt: "浅绿色渐变背景上的圆形图案，代表西湖龙井茶"},
			{Title: "安吉白茶 雨前一级", Slug: "anji-baicha", Category: "green-tea", Tags: []string{"安吉白茶", "绿茶"},
				Description: "安吉白茶其实是绿茶，因春季新叶呈玉白色而得名。氨基酸含量高，鲜爽回甘。\n\n建议 **75℃** 水温冲泡。",
				Options:     []string{"规格"}, Variants: sized(9800, 0, []int{40, 12}, "50克", "100克"), Alt: "淡绿色背景上的方形图案，代表安吉白茶"},
			{Title: "洞庭碧螺春 明前", Slug: "biluochun", Category: "green-tea", Tags: []string{"碧螺春", "明前"},
				Description: "苏州东山碧螺春，条索纤细卷曲如螺，满身披毫，花果香浓郁。", Variants: one(12800, 0, 18), Alt: "绿色背景上的环形图案，代表碧螺春"},
			{Title: "福鼎白毫银针 2021年", Slug: "baihao-yinzhen", Category: "white-tea", Featured: true, Tags: []string{"白茶", "银针", "老白茶"},
				Description: "福鼎大白茶单芽制成，存放五年，毫香蜜韵。\n\n> 一年茶，三年药，七年宝。\n\n可煮可泡。",
				Options:     []string{"规格"}, Variants: sized(22800, 25800, []int{9, 2}, "100克", "200克"), Alt: "淡黄绿色背景上的三角形图案，代表白毫银针"},
			{Title: "白牡丹 紧压茶饼 350克", Slug: "baimudan-cake", Category: "white-tea", Tags: []string{"白茶", "茶饼"},
				Description: "一芽二叶的白牡丹压制成饼，便于存放，越陈越醇。", Variants: one(26800, 0, 7), Alt: "浅色背景上的菱形图案，代表白牡丹茶饼"},
			{Title: "祁门红茶 特级", Slug: "keemun", Category: "black-tea", Tags: []string{"红茶", "祁门"},
				Description: "世界三大高香红茶之一，**祁门香**似蜜糖又似兰花。加奶也很好喝。",
				Options:     []string{"规格"}, Variants: sized(8800, 0, []int{30, 0}, "100克", "250克"), Alt: "深绿色背景上的圆形图案，代表祁门红茶"},
			{Title: "武夷山大红袍 岩茶", Slug: "dahongpao", Category: "black-tea", Featured: true, Tags: []string{"岩茶", "乌龙", "大红袍"},
				Description: "正岩产区，传统炭焙，岩骨花香。\n\n1. 100℃ 沸水\n2. 盖碗快出汤\n3. 可冲泡七泡以上",
				Variants:    one(36800, 42800, 5), Alt: "绿色背景上的方形图案，代表大红袍"},
			{Title: "安溪铁观音 清香型", Slug: "tieguanyin", Category: "black-tea", Tags: []string{"乌龙", "铁观音"},
				Description: "兰花香清幽，七泡有余香。真空小包装，每包一泡。", Variants: one(6800, 0, 60), Alt: "绿色背景上的环形图案，代表铁观音"},
			{Title: "云南普洱熟茶 357克茶饼", Slug: "puer-shu", Category: "black-tea", Tags: []string{"普洱", "熟茶"},
				Description: "勐海大叶种晒青毛茶渥堆发酵，汤色红浓，陈香醇厚。", Variants: one(19800, 0, 14), Alt: "深色背景上的三角形图案，代表普洱茶饼"},
			{Title: "青瓷盖碗 150毫升", Slug: "celadon-gaiwan", Category: "teaware", Tags: []string{"茶具", "盖碗", "青瓷"},
				Description: "龙泉青瓷盖碗，釉色如玉，不烫手的宽边设计。",
				Options:     []string{"颜色"}, Variants: sized(12800, 0, []int{8, 1, 0}, "梅子青", "粉青", "月白"), Alt: "绿色背景上的菱形图案，代表青瓷盖碗"},
			{Title: "竹制储水茶盘", Slug: "bamboo-tray", Category: "teaware", Tags: []string{"茶具", "茶盘"},
				Description: "整块楠竹制作，带储水槽，适合两到四人。", Variants: one(15800, 0, 4), Alt: "浅色背景上的圆形图案，代表竹制茶盘"},
		},
	},
	{
		Slug: "spoke-and-chain", Owner: "Tom Barker", Name: "Spoke & Chain", Theme: "#b03a2e", Locale: "en", CommissionBP: 650,
		Description: "Bicycle parts for people who fix their own bikes. Road, gravel and commuter components, tested in our workshop in Leeds.",
		Categories:  []demoCategory{{"drivetrain", "Drivetrain"}, {"tyres", "Tyres & tubes"}, {"brakes", "Brakes"}, {"cockpit", "Cockpit & saddles"}},
		Products: []demoProduct{
			{Title: "11-speed road chain", Slug: "chain-11", Category: "drivetrain", Featured: true, Tags: []string{"chain", "11-speed", "road"},
				Description: "Nickel-plated **11-speed chain** with a reusable quick link.\n\n- 116 links\n- Works with Shimano, SRAM and Campagnolo 11-speed\n- 257 g", Variants: one(3499, 4299, 42), Alt: "Red gradient with a ring, standing for a bicycle chain"},
			{Title: "Cassette 11-32T", Slug: "cassette-11-32", Category: "drivetrain", Tags: []string{"cassette", "11-speed"},
				Description: "Wide-range cassette for climbing without giving up close steps on the flat.",
				Options:     []string{"Speeds"}, Variants: sized(5999, 0, []int{9, 0}, "11-speed", "12-speed"), Alt: "Red gradient with a circle, standing for a cassette"},
			{Title: "Gravel tyre 700×40c", Slug: "gravel-tyre", Category: "tyres", Featured: true, Tags: []string{"tyre", "gravel", "tubeless"},
				Description: "Tubeless-ready gravel tyre with a fast centre line and grippy shoulders.",
				Options:     []string{"Width"}, Variants: sized(4499, 0, []int{20, 3, 11}, "700×38c", "700×40c", "700×45c"), Alt: "Red gradient with a circle, standing for a tyre"},
			{Title: "Road tyre 700×28c", Slug: "road-tyre", Category: "tyres", Tags: []string{"tyre", "road"},
				Description: "Supple 120 TPI casing with puncture protection belt.",
				Options:     []string{"Width"}, Variants: sized(3999, 4999, []int{16, 16}, "700×25c", "700×28c"), Alt: "Red gradient with a ring, standing for a road tyre"},
			{Title: "Inner tube, Presta valve", Slug: "inner-tube", Category: "tyres", Tags: []string{"tube", "presta"},
				Description: "Butyl tube with a removable valve core. 60 mm valve for deep rims.", Variants: one(799, 0, 150), Alt: "Red gradient with a ring, standing for an inner tube"},
			{Title: "Disc brake pads, resin", Slug: "disc-pads", Category: "brakes", Tags: []string{"brakes", "disc"},
				Description: "Quiet organic pads for hydraulic disc brakes. Sold as a pair for one caliper.", Variants: one(1499, 0, 2), Alt: "Red gradient with a square, standing for brake pads"},
			{Title: "Rim brake cartridge pads", Slug: "rim-pads", Category: "brakes", Tags: []string{"brakes", "rim"},
				Description: "Replaceable cartridge pads for alloy rims; better wet braking.", Variants: one(1299, 0, 0), Alt: "Red gradient with a diamond, standing for rim brake pads"},
			{Title: "Cork handlebar tape", Slug: "bar-tape", Category: "cockpit", Tags: []string{"bar tape", "cockpit"},
				Description: "Cushioned cork tape with end plugs and finishing tape.",
				Options:     []string{"Colour"}, Variants: sized(1999, 0, []int{14, 6, 0, 22}, "Black", "Tan", "Red", "White"), Alt: "Red gradient with a triangle, standing for bar tape"},
			{Title: "Leather saddle", Slug: "leather-saddle", Category: "cockpit", Featured: true, Tags: []string{"saddle", "leather", "touring"},
				Description: "Vegetable-tanned leather saddle that shapes itself to you over the first few hundred kilometres.",
				Options:     []string{"Colour"}, Variants: sized(11900, 13900, []int{3, 1}, "Honey", "Black"), Alt: "Red gradient with a rounded square, standing for a leather saddle"},
			{Title: "Flat pedals, aluminium", Slug: "flat-pedals", Category: "cockpit", Tags: []string{"pedals", "commuter"},
				Description: "Wide platform pedals with replaceable pins and sealed bearings.", Variants: one(4900, 0, 12), Alt: "Red gradient with a diamond, standing for pedals"},
		},
	},
	{
		Slug: "kiln-and-clay", Owner: "Inès Moreau", Name: "Kiln & Clay Studio", Theme: "#a0522d", Locale: "en", CommissionBP: 500,
		Description: "Stoneware made by hand in a two-person studio. Every piece is thrown, glazed and fired here, so no two are quite the same.",
		Categories:  []demoCategory{{"mugs", "Mugs & cups"}, {"bowls", "Bowls & plates"}, {"vases", "Vases"}},
		Products: []demoProduct{
			{Title: "Speckled stoneware mug", Slug: "speckled-mug", Category: "mugs", Featured: true, Tags: []string{"mug", "stoneware", "handmade"},
				Description: "A generous **350 ml** mug with a thumb rest. Dishwasher and microwave safe.",
				Options:     []string{"Glaze"}, Variants: sized(3200, 0, []int{12, 4, 0}, "Oatmeal", "Sea green", "Ink blue"), Alt: "Terracotta gradient with a circle, standing for a mug"},
			{Title: "Espresso cups, set of two", Slug: "espresso-cups", Category: "mugs", Tags: []string{"cup", "espresso"},
				Description: "Small 90 ml cups with a thick wall that keeps coffee hot.", Variants: one(3800, 4400, 6), Alt: "Terracotta gradient with a ring, standing for espresso cups"},
			{Title: "Tea bowl (chawan)", Slug: "chawan", Category: "mugs", Tags: []string{"tea", "bowl"},
				Description: "Wood-fired tea bowl with a running ash glaze.", Variants: one(5800, 0, 2), Alt: "Terracotta gradient with a triangle, standing for a tea bowl"},
			{Title: "Noodle bowl", Slug: "noodle-bowl", Category: "bowls", Featured: true, Tags: []string{"bowl", "dinnerware"},
				Description: "Deep 18 cm bowl for ramen, pho and big salads.",
				Options:     []string{"Glaze"}, Variants: sized(3600, 0, []int{10, 8}, "Oatmeal", "Tenmoku"), Alt: "Terracotta gradient with a circle, standing for a noodle bowl"},
			{Title: "Dinner plate", Slug: "dinner-plate", Category: "bowls", Tags: []string{"plate", "dinnerware"},
				Description: "27 cm plate with a raw clay rim.",
				Options:     []string{"Glaze"}, Variants: sized(3400, 0, []int{20, 0}, "Oatmeal", "Sea green"), Alt: "Terracotta gradient with a ring, standing for a plate"},
			{Title: "Serving platter", Slug: "serving-platter", Category: "bowls", Tags: []string{"platter", "serving"},
				Description: "Oval platter for sharing, 38 cm long.", Variants: one(7800, 9200, 3), Alt: "Terracotta gradient with a diamond, standing for a platter"},
			{Title: "Bud vase", Slug: "bud-vase", Category: "vases", Tags: []string{"vase", "gift"},
				Description: "A small vase for one or two stems. Watertight inside.",
				Options:     []string{"Glaze"}, Variants: sized(2400, 0, []int{15, 15, 1}, "White", "Celadon", "Rust"), Alt: "Terracotta gradient with a triangle, standing for a bud vase"},
			{Title: "Tall moon vase", Slug: "moon-vase", Category: "vases", Tags: []string{"vase", "statement"},
				Description: "30 cm round vase with a satin white glaze.", Variants: one(14500, 0, 1), Alt: "Terracotta gradient with a large circle, standing for a moon vase"},
			{Title: "Gift card", Slug: "gift-card", Category: "mugs", Tags: []string{"gift"},
				Description: "A gift card sent by email, good for two years.",
				Options:     []string{"Amount"}, Variants: []demoVariant{{[]string{"$25"}, 2500, 0, 999}, {[]string{"$50"}, 5000, 0, 999}, {[]string{"$100"}, 10000, 0, 999}}, Alt: "Terracotta gradient with a square, standing for a gift card"},
		},
	},
	{
		Slug: "paper-lantern-books", Owner: "Priya Shah", Name: "Paper Lantern Books", Theme: "#2c3e66", Locale: "en", CommissionBP: 400,
		Description: "An independent bookshop: new fiction, travel writing, cookbooks and books about making things.",
		Categories:  []demoCategory{{"fiction", "Fiction"}, {"travel", "Travel"}, {"cooking", "Food & drink"}, {"craft", "Craft & design"}},
		Products: []demoProduct{
			{Title: "The River at Night", Slug: "river-at-night", Category: "fiction", Featured: true, Tags: []string{"novel", "fiction", "staff pick"},
				Description: "A family, a flooded valley and the summer that changed it. *Our staff pick of the season.*",
				Options:     []string{"Format"}, Variants: []demoVariant{{[]string{"Hardcover"}, 2400, 0, 9}, {[]string{"Paperback"}, 1400, 0, 30}}, Alt: "Navy gradient with a circle, standing for a novel's cover"},
			{Title: "Small Hours", Slug: "small-hours", Category: "fiction", Tags: []string{"short stories", "fiction"},
				Description: "Twelve short stories set between midnight and dawn.", Variants: one(1299, 0, 14), Alt: "Navy gradient with a ring, standing for a book"},
			{Title: "Slow Roads of Yunnan", Slug: "slow-roads-yunnan", Category: "travel", Tags: []string{"travel", "china", "cycling"},
				Description: "By bicycle and bus from Kunming to the Tibetan plateau.", Variants: one(1899, 2299, 5), Alt: "Navy gradient with a triangle, standing for a travel book"},
			{Title: "Walking the Coast Path", Slug: "coast-path", Category: "travel", Tags: []string{"travel", "walking"},
				Description: "A guide to 630 miles of coastal walking, with maps.", Variants: one(2200, 0, 0), Alt: "Navy gradient with a diamond, standing for a walking guide"},
			{Title: "The Tea Kitchen", Slug: "tea-kitchen", Category: "cooking", Featured: true, Tags: []string{"cookbook", "tea"},
				Description: "Cooking with tea: from **Longjing shrimp** to matcha shortbread.", Variants: one(2800, 0, 11), Alt: "Navy gradient with a circle, standing for a cookbook"},
			{Title: "Bread Every Day", Slug: "bread-every-day", Category: "cooking", Tags: []string{"cookbook", "baking"},
				Description: "Sourdough on a weeknight schedule.", Options: []string{"Format"}, Variants: sized(2500, 0, []int{4, 2}, "Hardcover", "Spiral-bound"), Alt: "Navy gradient with a square, standing for a baking book"},
			{Title: "Throwing Pots", Slug: "throwing-pots", Category: "craft", Tags: []string{"ceramics", "craft"},
				Description: "A potter's handbook, from wedging to glaze chemistry.", Variants: one(3200, 0, 3), Alt: "Navy gradient with a ring, standing for a pottery book"},
			{Title: "Fix Your Bike", Slug: "fix-your-bike", Category: "craft", Tags: []string{"bicycles", "repair"},
				Description: "Clear photos, honest tool lists, and every repair you can do at home.", Variants: one(1699, 0, 25), Alt: "Navy gradient with a triangle, standing for a repair manual"},
		},
	},
	{
		Slug: "ridgeline-outfitters", Owner: "Jonas Lindqvist", Name: "Ridgeline Outfitters", Theme: "#2f5d50", Locale: "en", BothLocales: true, CommissionBP: 550,
		Description: "Outdoor gear we use ourselves: shells, packs, tents and the small things that make a long day better. 户外装备，我们自己也在用。",
		Categories:  []demoCategory{{"clothing", "Clothing"}, {"packs", "Packs"}, {"camping", "Camping"}, {"lights", "Lights & tools"}},
		Products: []demoProduct{
			{Title: "Storm shell jacket", Slug: "storm-shell", Category: "clothing", Featured: true, Tags: []string{"jacket", "waterproof", "hiking"},
				Description: "Three-layer waterproof shell with pit zips and a helmet-compatible hood.\n\n- 20,000 mm waterproof\n- 390 g (size M)",
				Options:     []string{"Size", "Colour"}, Variants: grid(21900, []int{5, 2, 0, 7, 1, 4, 3, 0}, []string{"S", "M", "L", "XL"}, []string{"Moss", "Slate"}), Alt: "Green gradient with a triangle, standing for a mountain jacket"},
			{Title: "Merino base layer", Slug: "merino-base", Category: "clothing", Tags: []string{"merino", "base layer"},
				Description: "200 g/m² merino wool: warm when wet, doesn't smell after a week.",
				Options:     []string{"Size"}, Variants: sized(7900, 9500, []int{8, 12, 1, 0}, "S", "M", "L", "XL"), Alt: "Green gradient with a square, standing for a base layer"},
			{Title: "Trail socks, 2 pairs", Slug: "trail-socks", Category: "clothing", Tags: []string{"socks"},
				Description: "Cushioned under the foot, thin on top.", Options: []string{"Size"}, Variants: sized(2400, 0, []int{30, 30, 30}, "36-39", "40-43", "44-47"), Alt: "Green gradient with a ring, standing for socks"},
			{Title: "Daypack 28 L", Slug: "daypack-28", Category: "packs", Featured: true, Tags: []string{"backpack", "daypack"},
				Description: "A ventilated back panel, hip belt pockets and a rain cover that lives in the lid.",
				Options:     []string{"Colour"}, Variants: sized(12900, 0, []int{6, 0}, "Moss", "Rust"), Alt: "Green gradient with a rounded square, standing for a backpack"},
			{Title: "Trekking pack 55 L", Slug: "trek-55", Category: "packs", Tags: []string{"backpack", "trekking"},
				Description: "Adjustable back length, carries 18 kg comfortably.", Variants: one(22900, 25900, 2), Alt: "Green gradient with a diamond, standing for a trekking pack"},
			{Title: "Two-person tent", Slug: "tent-2p", Category: "camping", Featured: true, Tags: []string{"tent", "backpacking"},
				Description: "Freestanding, two doors, 1.6 kg. Pitches fly-first in the rain.", Variants: one(34900, 0, 4), Alt: "Green gradient with a triangle, standing for a tent"},
			{Title: "Down sleeping bag −5 °C", Slug: "down-bag", Category: "camping", Tags: []string{"sleeping bag", "down"},
				Description: "Responsibly sourced 650-fill down.", Options: []string{"Length"}, Variants: sized(27900, 0, []int{3, 0}, "Regular", "Long"), Alt: "Green gradient with a circle, standing for a sleeping bag"},
			{Title: "Titanium stove", Slug: "ti-stove", Category: "camping", Tags: []string{"stove", "cooking"},
				Description: "73 g canister stove that boils a litre in 3½ minutes.", Variants: one(5900, 0, 17), Alt: "Green gradient with a ring, standing for a stove"},
			{Title: "Headlamp 400 lm", Slug: "headlamp", Category: "lights", Tags: []string{"headlamp", "light"},
				Description: "USB-C rechargeable, red night mode, lock-out for your pack.", Variants: one(4500, 0, 1), Alt: "Green gradient with a circle, standing for a headlamp"},
			{Title: "Multi-tool", Slug: "multi-tool", Category: "lights", Tags: []string{"tool"},
				Description: "Pliers, knife, two screwdrivers and a bottle opener.", Variants: one(3900, 0, 0), Alt: "Green gradient with a diamond, standing for a multi-tool"},
		},
	},
	{
		Slug: "moonrise-candles", Owner: "Hannah Reed", Name: "Moonrise Candle Co.", Theme: "#7d5ba6", Locale: "en", Pending: true, CommissionBP: 500,
		Description: "Hand-poured soy candles scented with essential oils. We would like to sell on the mall.",
	},
}
