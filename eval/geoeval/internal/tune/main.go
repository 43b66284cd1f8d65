// Command tune fits the geoparse resolver's feature weights on ONE
// geoparsing corpus by coordinate ascent on resolution accuracy within
// 161 km given the gold spans (ties broken by AUC), and prints the fitted
// weights as Go. Report the other corpora as held out; see docs/eval.md.
//
//	go run ./eval/geoeval/internal/tune -corpus geowebnews -file ../shared/eval/geoparse/GeoWebNews.xml
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"reflect"

	"github.com/evident-org/evident/eval/geoeval"
	"github.com/evident-org/evident/eval/geoeval/geosys"
	"github.com/evident-org/evident/gazetteer"
	"github.com/evident-org/evident/geoparse"
)

func main() {
	corpus := flag.String("corpus", "geowebnews", "corpus format: geowebnews, trnews or lgl")
	file := flag.String("file", "../shared/eval/geoparse/GeoWebNews.xml", "corpus file")
	rounds := flag.Int("rounds", 2, "coordinate-ascent rounds")
	flag.Parse()
	docs, st, err := geoeval.Load(*file, geoeval.Corpus(*corpus))
	if err != nil {
		log.Fatal(err)
	}
	gaz, err := gazetteer.Default()
	if err != nil {
		log.Fatal(err)
	}
	cache := &geoparse.ProbeCache{}
	score := func(w *geoparse.Weights) (float64, float64) {
		rep, err := geoeval.Run(context.Background(), docs, geosys.System{Gaz: gaz, Cache: cache, Weights: w},
			geoeval.Options{Corpus: geoeval.Corpus(*corpus), Load: st, Workers: 2})
		if err != nil {
			log.Fatal(err)
		}
		return rep.ResolutionGoldSpans.Acc161, rep.ResolutionGoldSpans.AUC
	}
	w := geoparse.DefaultWeights()
	bestAcc, bestAUC := score(w)
	log.Printf("start: acc161 %.4f auc %.4f", bestAcc, bestAUC)
	v := reflect.ValueOf(w).Elem()
	for r := 0; r < *rounds; r++ {
		for i := 0; i < v.NumField(); i++ {
			f := v.Field(i)
			orig := f.Float()
			bestVal := orig
			for _, m := range []float64{0, 0.5, 0.75, 1.5, 2, 3} {
				val := orig * m
				if orig == 0 {
					val = m
				}
				f.SetFloat(val)
				acc, auc := score(w)
				if acc > bestAcc+1e-9 || acc > bestAcc-1e-9 && auc < bestAUC-1e-9 {
					bestAcc, bestAUC, bestVal = acc, auc, val
				}
			}
			f.SetFloat(bestVal)
			log.Printf("round %d %s = %.3g: acc161 %.4f auc %.4f", r+1, v.Type().Field(i).Name, bestVal, bestAcc, bestAUC)
		}
	}
	fmt.Printf("// Fitted on %s (%s) by eval/geoeval/internal/tune: gold-span acc@161 %.4f, AUC %.4f.\n", *corpus, *file, bestAcc, bestAUC)
	fmt.Printf("%#v\n", *w)
}
